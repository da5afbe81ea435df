package io.netpol.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.kube.ClusterReader;
import io.netpol.rollout.RolloutExecutor;
import io.netpol.rollout.RolloutService;
import io.netpol.store.Store;
import java.util.List;

/** The store, and a Kubernetes client opened only when a command needs the cluster. */
final class RolloutContext implements AutoCloseable {
  private final Services services;
  private final KubeOptions kube;
  private final Store store;
  private KubernetesClient client;

  RolloutContext(Services services, DbOptions db, KubeOptions kube) {
    this.services = services;
    this.kube = kube;
    this.store = services.openStore(db.existing());
  }

  private KubernetesClient client() {
    if (client == null) {
      client = services.kubernetes(kube);
    }
    return client;
  }

  RolloutService service() {
    return new RolloutService(
        store.rollouts(),
        () -> store.edges().connections(List.of()),
        () -> new RolloutExecutor(client()),
        () -> new ClusterReader(client()),
        services.clock(),
        System.getProperty("user.name", "unknown") + "@" + RolloutService.host());
  }

  Store store() {
    return store;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    store.close();
  }
}
