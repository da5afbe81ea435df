package io.netpol.recommend;

import java.util.List;

/**
 * One ingress or egress rule: its peers (in the order of the NetworkPolicy rule's {@code from} /
 * {@code to}) and ports, the evidence behind it, and what a reviewer should know about it.
 *
 * @param peers the peers, one per NetworkPolicy peer
 * @param ports the ports, sorted
 * @param evidence all observations behind the rule
 * @param observed the observed peers behind it (a workload or an address each), with their own
 *     evidence, sorted; full detail for {@code --evidence}, summarised in the annotations
 * @param notes why the rule is as wide as it is (public endpoint, broad range, whole namespace)
 */
public record ProposedRule(
    List<ProposedPeer> peers,
    List<ProposedPort> ports,
    EvidenceSummary evidence,
    List<ObservedPeer> observed,
    List<String> notes) {

  public ProposedRule {
    peers = List.copyOf(peers);
    ports = List.copyOf(ports);
    observed = List.copyOf(observed);
    notes = List.copyOf(notes);
  }

  /**
   * One observed peer behind a rule.
   *
   * @param peer {@code namespace/workload}, an address, or a name ({@code internet}, {@code private
   *     network}, {@code network set NAME}, {@code host endpoint NAME})
   * @param workload the workload, when the peer is one; null otherwise
   * @param address the address the flow logs carried for it; null when none
   */
  public record ObservedPeer(
      String peer,
      io.netpol.flow.WorkloadKey workload,
      String address,
      List<ProposedPort> ports,
      EvidenceSummary evidence) {
    public ObservedPeer {
      ports = List.copyOf(ports);
    }
  }
}
