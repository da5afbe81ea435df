package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster of {@code namespaces} alike namespaces for scale tests: {@value #WORKLOADS} workloads
 * each, every workload calling the next {@value #CALLS} of its namespace and one of the next
 * namespace, with a default deny and one ingress policy per workload allowing exactly its callers.
 * Every namespace looks the same, so per-connection work must not depend on how many there are.
 */
public record GeneratedCluster(List<NetworkPolicy> policies, List<ObservedConnection> connections) {
  static final int WORKLOADS = 8;
  static final int CALLS = 3;

  public static GeneratedCluster of(int namespaces) {
    List<NetworkPolicy> policies = new ArrayList<>();
    List<ObservedConnection> connections = new ArrayList<>();
    for (int n = 0; n < namespaces; n++) {
      policies.add(Fixtures.np(ns(n), "default-deny", "podSelector: {}\npolicyTypes: [Ingress]"));
      for (int w = 0; w < WORKLOADS; w++) {
        policies.add(ingress(n, w, namespaces));
        for (int k = 1; k <= CALLS; k++) {
          connections.add(call(n, w, n, (w + k) % WORKLOADS));
        }
        connections.add(call(n, w, (n + 1) % namespaces, w));
      }
    }
    return new GeneratedCluster(policies, connections);
  }

  /** Ingress to workload {@code w} of namespace {@code n} from exactly its callers. */
  private static NetworkPolicy ingress(int n, int w, int namespaces) {
    var rule = new NetworkPolicyBuilder().withNewSpec().addNewIngress();
    for (int k = 1; k <= CALLS; k++) {
      rule =
          rule.addNewFrom()
              .withNewPodSelector()
              .addToMatchLabels("app", app((w - k + WORKLOADS) % WORKLOADS))
              .endPodSelector()
              .endFrom();
    }
    rule =
        rule.addNewFrom()
            .withNewNamespaceSelector()
            .addToMatchLabels(PodPeer.NAMESPACE_NAME_LABEL, ns((n - 1 + namespaces) % namespaces))
            .endNamespaceSelector()
            .withNewPodSelector()
            .addToMatchLabels("app", app(w))
            .endPodSelector()
            .endFrom();
    return rule.addNewPort()
        .withNewPort(port(w))
        .endPort()
        .endIngress()
        .withNewPodSelector()
        .addToMatchLabels("app", app(w))
        .endPodSelector()
        .endSpec()
        .withNewMetadata()
        .withName(app(w) + "-ingress")
        .withNamespace(ns(n))
        .endMetadata()
        .build();
  }

  private static ObservedConnection call(int n, int w, int serverNs, int server) {
    return new ObservedConnection(
        pod(n, w), pod(serverNs, server), port(server), Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
  }

  public static String ns(int n) {
    return "team-" + n;
  }

  private static String app(int w) {
    return "svc-" + w;
  }

  private static int port(int w) {
    return 8000 + w;
  }

  private static Endpoint pod(int n, int w) {
    return Endpoint.pod(ns(n), app(w), Map.of("app", app(w)));
  }
}
