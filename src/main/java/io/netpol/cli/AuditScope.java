package io.netpol.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.audit.PolicyChange;
import io.netpol.audit.Workload;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.WorkloadNames;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PodPeer;
import io.netpol.recommend.KubernetesNames;
import io.netpol.recommend.RecommendOptions;
import io.netpol.store.AuditEntry;
import io.netpol.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What report, matrix and audit look at, read once: the stored connections and rollout history, the
 * policies in force, the workloads (observed, plus live pods from a cluster) and the namespaces in
 * scope.
 */
record AuditScope(
    Path db,
    List<String> namespaces,
    List<ObservedConnection> connections,
    LoadedPolicies policies,
    ConnectionMapping mapping,
    List<Workload> workloads,
    List<PodPeer> dnsServers,
    List<PolicyChange> changes) {

  static final String BAD_NAMESPACE = "-n %s is not a namespace name (DNS-1123 label)";

  static AuditScope load(
      Services services,
      DbOptions dbOptions,
      Path policyPath,
      boolean cluster,
      KubeOptions kube,
      List<String> requested) {
    for (String ns : requested) {
      if (!KubernetesNames.isDns1123Label(ns)) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT, String.format(BAD_NAMESPACE, KubernetesNames.shown(ns)));
      }
    }
    Path db = dbOptions.existing();
    List<ObservedConnection> connections;
    Map<String, ? extends Map<String, String>> storedLabels;
    List<AuditEntry> history;
    try (Store store = services.openStore(db)) {
      connections = store.edges().connections(requested);
      storedLabels = store.edges().namespaceLabels();
      history = store.rollouts().history(null);
    }
    LoadedPolicies loaded = LoadedPolicies.load(policyPath, cluster, services, kube);
    Map<String, Map<String, String>> nsLabels = new HashMap<>();
    storedLabels.forEach((ns, labels) -> nsLabels.put(ns, Map.copyOf(labels)));
    if (loaded.namespaceLabels() != null) {
      nsLabels.putAll(loaded.namespaceLabels());
    }
    ConnectionMapping mapping = ConnectionMapping.of(nsLabels);
    List<Workload> workloads = workloads(connections, loaded.pods(), mapping, nsLabels);
    return new AuditScope(
        db,
        scope(requested, workloads, loaded.policies()),
        connections,
        loaded,
        mapping,
        workloads,
        dnsServers(connections, mapping),
        changes(history));
  }

  /** The namespaces asked for, else every one with workloads or policies but the system ones. */
  private static List<String> scope(
      List<String> requested, List<Workload> workloads, List<NetworkPolicy> policies) {
    if (!requested.isEmpty()) {
      return List.copyOf(new TreeSet<>(requested));
    }
    SortedSet<String> out = new TreeSet<>();
    workloads.forEach(w -> out.add(w.namespace()));
    policies.forEach(p -> out.add(p.getMetadata().getNamespace()));
    out.removeAll(RecommendOptions.SYSTEM_NAMESPACES);
    return List.copyOf(out);
  }

  /** Observed pod workloads, then live pods of workloads not observed (by derived name). */
  private static List<Workload> workloads(
      List<ObservedConnection> connections,
      List<Pod> pods,
      ConnectionMapping mapping,
      Map<String, Map<String, String>> nsLabels) {
    Map<String, Workload> out = new LinkedHashMap<>();
    for (ObservedConnection c : connections) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        if (e.kind() == EndpointKind.POD) {
          out.putIfAbsent(
              e.key(), new Workload(e.namespace(), e.workload(), (PodPeer) mapping.peer(e)));
        }
      }
    }
    for (Pod pod : pods) {
      String ns = pod.getMetadata().getNamespace();
      Map<String, String> labels =
          pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
      String name = WorkloadNames.fromPodName(pod.getMetadata().getName(), labels);
      out.putIfAbsent(
          "pod:" + ns + "/" + name,
          new Workload(ns, name, PodPeer.of(ns, labels).withNamespaceLabels(nsLabels.get(ns))));
    }
    return new ArrayList<>(out.values());
  }

  /** The pods observed serving DNS. */
  private static List<PodPeer> dnsServers(
      List<ObservedConnection> connections, ConnectionMapping mapping) {
    Map<String, PodPeer> out = new LinkedHashMap<>();
    for (ObservedConnection c : connections) {
      if (c.port() == 53 && c.server().kind() == EndpointKind.POD) {
        out.putIfAbsent(c.server().key(), (PodPeer) mapping.peer(c.server()));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static List<PolicyChange> changes(List<AuditEntry> history) {
    return history.stream()
        .map(
            e ->
                new PolicyChange(
                    Instant.ofEpochMilli(e.at()),
                    e.actor(),
                    e.plan(),
                    e.namespace(),
                    e.action(),
                    e.detail()))
        .toList();
  }

  /** The policies compiled; two policies with one namespace/name are bad input. */
  io.netpol.policy.PolicySet policySet() {
    try {
      return io.netpol.policy.PolicySet.of(policies.policies());
    } catch (io.netpol.policy.PolicyException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, policies.description() + ": " + e.getMessage());
    }
  }
}
