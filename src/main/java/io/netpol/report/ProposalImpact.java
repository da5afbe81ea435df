package io.netpol.report;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicySet;
import io.netpol.policy.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a proposal changes against the deployed policies: in the namespaces the proposal covers it
 * replaces the deployed policies, elsewhere they stay (as {@code diff} compares them).
 *
 * @param namespaces the namespaces the proposal covers
 * @param policies policies added, removed and changed there
 * @param impact the observed connections the change would newly block or allow
 */
public record ProposalImpact(
    List<String> namespaces, PolicyDiff.Result policies, Replay.Impact impact) {

  public static ProposalImpact of(
      List<NetworkPolicy> deployed,
      List<NetworkPolicy> proposal,
      List<ObservedConnection> connections,
      ConnectionMapping mapping) {
    Set<String> covered = new TreeSet<>();
    proposal.forEach(p -> covered.add(p.getMetadata().getNamespace()));
    List<NetworkPolicy> replaced = new ArrayList<>();
    List<NetworkPolicy> after = new ArrayList<>(proposal);
    for (NetworkPolicy p : deployed) {
      (covered.contains(p.getMetadata().getNamespace()) ? replaced : after).add(p);
    }
    List<ObservedConnection> touching =
        connections.stream()
            .filter(
                c ->
                    covered.contains(Objects.toString(c.client().namespace(), ""))
                        || covered.contains(Objects.toString(c.server().namespace(), "")))
            .toList();
    return new ProposalImpact(
        List.copyOf(covered),
        PolicyDiff.diff(replaced, proposal),
        Replay.replay(touching, PolicySet.of(deployed), PolicySet.of(after), mapping));
  }
}
