package io.netpol.simulate;

import io.netpol.simulate.VotingApp.Flow;
import io.netpol.simulate.VotingApp.Pod;
import java.util.List;
import java.util.Map;

/**
 * What {@link HubbleSimulator} writes one round of: each flow (with the client's DNS lookup first),
 * the further DNS lookups, and the kubelet probes; and the address of every node.
 *
 * @param nodes node name to address
 */
record HubbleTopology(
    List<Flow> flows, List<Pod> lookups, List<Flow> probes, Pod dns, Map<String, String> nodes) {

  /** The reference voting app. */
  static final HubbleTopology VOTING_APP =
      new HubbleTopology(
          VotingApp.FLOWS,
          List.of(VotingApp.REDIS, VotingApp.POSTGRES),
          VotingApp.PROBES,
          VotingApp.COREDNS,
          Map.of(
              VotingApp.NODE_A,
              "172.18.0.3",
              VotingApp.NODE_B,
              "172.18.0.4",
              "kind-control-plane",
              "172.18.0.2"));

  String nodeIp(String node) {
    String ip = nodes.get(node);
    if (ip == null) {
      throw new IllegalArgumentException("no address for node " + node);
    }
    return ip;
  }
}
