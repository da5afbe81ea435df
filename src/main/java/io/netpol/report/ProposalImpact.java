package io.netpol.report;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.policy.AfterState;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.Replay;
import io.netpol.policy.Work;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a proposal changes against the deployed policies, as {@code netpol-rollout next} would apply
 * it and {@code diff} shows it ({@link AfterState}): in the namespaces in scope the tool's own
 * policies are added, changed or removed, every other policy stays and keeps deciding, and the
 * observed connections of those namespaces are replayed against the cluster before and after.
 *
 * @param namespaces the namespaces the proposal is applied to
 * @param policies the tool's policies added, removed and changed there, and the others kept
 * @param impact the observed connections the change would newly block or allow, with what decides
 *     them afterwards (proposed or kept)
 */
public record ProposalImpact(
    List<String> namespaces, PolicyDiff.Result policies, Replay.Impact impact) {

  /**
   * Replays the {@code connections} with a side in the after-state's namespaces against the
   * policies before and after applying.
   */
  public static ProposalImpact of(
      AfterState after, List<ObservedConnection> connections, ConnectionMapping mapping) {
    Set<String> scope = after.namespaces();
    List<ObservedConnection> touching = new ArrayList<>();
    Map<String, Endpoint> pods = new LinkedHashMap<>();
    for (ObservedConnection c : connections) {
      boolean client = in(scope, c.client());
      boolean server = in(scope, c.server());
      if (client || server) {
        touching.add(c);
      }
      if (client && c.client().kind() == EndpointKind.POD) {
        pods.putIfAbsent(c.client().key(), c.client());
      }
      if (server && c.server().kind() == EndpointKind.POD) {
        pods.putIfAbsent(c.server().key(), c.server());
      }
    }
    Replay.Impact impact = after.replay(touching, mapping, new Work());
    return new ProposalImpact(List.copyOf(scope), PolicyDiff.diff(after, pods.values()), impact);
  }

  private static boolean in(Set<String> namespaces, Endpoint e) {
    return e.namespace() != null && namespaces.contains(e.namespace());
  }
}
