package io.netpol.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.flow.ObservedConnection;
import io.netpol.kube.ClusterReader;
import io.netpol.rollout.Actor;
import io.netpol.rollout.RolloutExecutor;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.StoredConnections;
import io.netpol.store.Store;
import io.netpol.store.TrafficCounts;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * The flow store, the rollout state (the same file unless --state names another), and a Kubernetes
 * client opened only when a command needs the cluster.
 */
final class RolloutContext implements AutoCloseable {
  private final Services services;
  private final KubeOptions kube;
  private final PrintWriter err;
  private final Store flows;
  private final Store state;
  private KubernetesClient client;
  private String actor;

  RolloutContext(
      Services services, DbOptions db, KubeOptions kube, RolloutOptions rollout, PrintWriter err) {
    this.services = services;
    this.kube = kube;
    this.err = err;
    this.flows = services.openStore(db.existing());
    Store s = flows;
    if (rollout.state != null
        && !rollout.state.toAbsolutePath().equals(flows.path().toAbsolutePath())) {
      try {
        s = services.openStore(rollout.state);
      } catch (RuntimeException e) {
        flows.close();
        throw e;
      }
    }
    this.state = s;
  }

  private KubernetesClient client() {
    if (client == null) {
      client = services.kubernetes(kube);
    }
    return client;
  }

  /** Who the audit log names: asked of the API server once, when something is first written. */
  private String actor() {
    if (actor == null) {
      Actor a = Actor.of(client(), services.localUser());
      if (a.note() != null) {
        err.println("netpol-rollout: note: " + a.note());
        err.flush();
      }
      actor = a.name();
    }
    return actor;
  }

  RolloutService service() {
    return new RolloutService(
        state.rollouts(),
        () -> new TrafficCounts(flows).read(),
        new StoredConnections() {
          @Override
          public boolean none() {
            return flows.edges().totals().edges() == 0;
          }

          @Override
          public List<ObservedConnection> touching(String namespace) {
            return flows.edges().connections(List.of(namespace));
          }
        },
        () -> new RolloutExecutor(client()),
        () -> new ClusterReader(client()),
        services.clock(),
        this::actor);
  }

  /** Every namespace the flow store knows of: which folders of a proposal name a namespace. */
  Set<String> knownNamespaces() {
    return flows.edges().namespaces();
  }

  /** The rollout state. */
  Store state() {
    return state;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (state != flows) {
      state.close();
    }
    flows.close();
  }
}
