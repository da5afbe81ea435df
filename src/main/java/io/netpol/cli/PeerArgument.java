package io.netpol.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.netpol.flow.Endpoint;
import io.netpol.flow.IpAddresses;
import io.netpol.flow.WorkloadKey;
import io.netpol.kube.ClusterReader;
import io.netpol.policy.NamedPort;
import io.netpol.policy.Peer;
import io.netpol.policy.PodPeer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A {@code --from}/{@code --to} value: {@code NAMESPACE/WORKLOAD} or an IP address. */
record PeerArgument(String namespace, String workload, String ip) {

  static PeerArgument parse(String option, String text) {
    if (IpAddresses.parse(text) != null) {
      return new PeerArgument(null, null, text);
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          option
              + " '"
              + text
              + "': expected NAMESPACE/WORKLOAD (e.g. voting-api/api) or an IP address");
    }
    return new PeerArgument(text.substring(0, slash), text.substring(slash + 1), null);
  }

  boolean isPod() {
    return ip == null;
  }

  String display() {
    return isPod() ? namespace + "/" + workload : ip;
  }

  /** The peer with labels as observed (the store). */
  Peer fromStore(
      Function<String, Optional<Endpoint>> endpoints,
      Map<String, ? extends Map<String, String>> namespaceLabels) {
    if (!isPod()) {
      return Peer.ip(ip);
    }
    Endpoint e = endpoints.apply(new WorkloadKey(namespace, workload).storeKey()).orElse(null);
    if (e == null) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          display()
              + " was never observed, so its labels are unknown; observe its traffic first or use --cluster");
    }
    return PodPeer.of(namespace, e.labels()).withNamespaceLabels(namespaceLabels.get(namespace));
  }

  /** The peer as it runs now (a live pod of the workload). */
  Peer fromCluster(ClusterReader cluster, Map<String, Map<String, String>> namespaceLabels) {
    if (!isPod()) {
      return Peer.ip(ip);
    }
    List<Pod> pods = cluster.workloadPods(namespace, workload);
    if (pods.isEmpty()) {
      throw new NetpolException(
          ExitCode.UNEXPECTED_STATE, "no running pod of " + display() + " in the cluster");
    }
    Pod pod = pods.get(0);
    PodPeer peer =
        PodPeer.of(namespace, pod.getMetadata().getLabels())
            .withName(pod.getMetadata().getName())
            .withNamespaceLabels(namespaceLabels.get(namespace));
    for (NamedPort port : ClusterReader.namedPorts(pod)) {
      peer = peer.withPort(port.name(), port.protocol(), port.port());
    }
    return peer;
  }
}
