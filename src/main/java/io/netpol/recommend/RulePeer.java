package io.netpol.recommend;

import java.util.List;

/**
 * The other side of a rule in the internal model: a workload (by namespace and name; its selector
 * is chosen separately) or an IP network.
 */
record RulePeer(
    String sortKey,
    String namespace,
    String workload,
    String cidr,
    List<String> except,
    PeerKind kind)
    implements Comparable<RulePeer> {

  static RulePeer workload(String namespace, String workload) {
    return new RulePeer(
        "0 " + namespace + "/" + workload, namespace, workload, null, List.of(), PeerKind.POD);
  }

  static RulePeer network(IpNetwork network, List<String> except, PeerKind kind) {
    return new RulePeer(
        "1 " + network.sortKey(), null, null, network.text(), List.copyOf(except), kind);
  }

  boolean isWorkload() {
    return workload != null;
  }

  /** How the evidence names it. */
  String display() {
    return isWorkload() ? namespace + "/" + workload : cidr;
  }

  @Override
  public int compareTo(RulePeer o) {
    return sortKey.compareTo(o.sortKey);
  }
}
