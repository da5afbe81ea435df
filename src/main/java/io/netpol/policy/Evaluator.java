package io.netpol.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether NetworkPolicies allow a connection, with Kubernetes NetworkPolicy v1 semantics:
 *
 * <ul>
 *   <li>a pod is isolated for a direction iff some policy in its namespace selects it and has that
 *       policy type; a pod that is not isolated allows everything in that direction;
 *   <li>a connection needs egress allowed at the client (when it is a pod) AND ingress allowed at
 *       the server (when it is a pod);
 *   <li>allow rules are additive: any rule of any isolating policy suffices;
 *   <li>a pod may always talk to itself and to and from the node it runs on.
 * </ul>
 *
 * <p>Pure: no I/O, no clock, no state.
 */
public final class Evaluator {
  private Evaluator() {}

  public static Evaluation evaluate(PolicySet policies, Connection connection) {
    return evaluate(policies, connection, Work.ignored());
  }

  /** As {@link #evaluate(PolicySet, Connection)}, counting the selectors and rules tested. */
  public static Evaluation evaluate(PolicySet policies, Connection connection, Work work) {
    return Evaluation.of(
        connection,
        side(policies, connection, Direction.EGRESS, work),
        side(policies, connection, Direction.INGRESS, work));
  }

  /**
   * Whether {@code policies} allow {@code connection}: the same answer as {@code
   * evaluate(...).allowed()}, without collecting the reasons, for replays of many connections.
   */
  public static boolean allows(PolicySet policies, Connection connection, Work work) {
    return sideAllows(policies, connection, Direction.EGRESS, work)
        && sideAllows(policies, connection, Direction.INGRESS, work);
  }

  private static boolean sideAllows(
      PolicySet policies, Connection connection, Direction direction, Work work) {
    boolean egress = direction == Direction.EGRESS;
    Peer subject = egress ? connection.client() : connection.server();
    Peer remote = egress ? connection.server() : connection.client();
    if (!(subject instanceof PodPeer pod) || alwaysAllowed(pod, remote)) {
      return true;
    }
    List<CompiledPolicy> isolating = policies.selecting(pod, direction, work);
    if (isolating.isEmpty()) {
      return true;
    }
    for (CompiledPolicy policy : isolating) {
      for (CompiledRule rule : policy.rules(direction)) {
        work.ruleTested();
        if (rule.allows(remote, connection)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A pod may always reach itself and be reached from, or reach, its own node. */
  private static boolean alwaysAllowed(PodPeer pod, Peer remote) {
    return (remote instanceof PodPeer other && pod.isSamePodAs(other))
        || (remote instanceof IpPeer ip && ip.isNodeOf(pod));
  }

  /**
   * Egress is judged at the client against the server, ingress at the server against the client.
   */
  private static SideVerdict side(
      PolicySet policies, Connection connection, Direction direction, Work work) {
    boolean egress = direction == Direction.EGRESS;
    Peer subject = egress ? connection.client() : connection.server();
    Peer remote = egress ? connection.server() : connection.client();
    if (!(subject instanceof PodPeer pod)) {
      return SideVerdict.of(direction, SideStatus.NOT_APPLICABLE, List.of());
    }
    List<CompiledPolicy> isolating = policies.selecting(pod, direction, work);
    List<PolicyRef> refs = isolating.stream().map(CompiledPolicy::ref).toList();
    if (remote instanceof PodPeer other && pod.isSamePodAs(other)) {
      return SideVerdict.of(direction, SideStatus.ALLOWED_SELF, refs);
    }
    if (remote instanceof IpPeer ip && ip.isNodeOf(pod)) {
      return SideVerdict.of(direction, SideStatus.ALLOWED_OWN_NODE, refs);
    }
    if (isolating.isEmpty()) {
      return SideVerdict.of(direction, SideStatus.NOT_ISOLATED, refs);
    }
    return judge(isolating, refs, remote, connection, direction, work);
  }

  private static SideVerdict judge(
      List<CompiledPolicy> isolating,
      List<PolicyRef> refs,
      Peer remote,
      Connection connection,
      Direction direction,
      Work work) {
    List<RuleRef> allowedBy = new ArrayList<>();
    List<Mismatch> mismatches = new ArrayList<>();
    for (CompiledPolicy policy : isolating) {
      if (policy.rules(direction).isEmpty()) {
        mismatches.add(noRules(policy.ref(), direction));
      }
      for (CompiledRule rule : policy.rules(direction)) {
        work.ruleTested();
        List<Miss> misses = misses(rule, remote, connection);
        if (misses.isEmpty()) {
          allowedBy.add(new RuleRef(policy.ref(), direction, rule.index()));
        }
        misses.forEach(m -> mismatches.add(Mismatch.of(policy.ref(), rule.index(), m)));
      }
    }
    if (!allowedBy.isEmpty()) {
      return new SideVerdict(direction, SideStatus.ALLOWED_BY_POLICY, refs, allowedBy, List.of());
    }
    return new SideVerdict(direction, SideStatus.DENIED, refs, List.of(), mismatches);
  }

  /**
   * Why {@code rule} does not allow the connection; empty when it does. A rule needs some peer AND
   * some port to match, so each failing half reports all of its entries (each was tried).
   */
  private static List<Miss> misses(CompiledRule rule, Peer remote, Connection connection) {
    List<Miss> peerMisses = new ArrayList<>();
    boolean peerMatches = rule.peers().isEmpty();
    for (PeerMatcher peer : rule.peers()) {
      Optional<Miss> miss = peer.mismatch(remote);
      if (miss.isEmpty()) {
        peerMatches = true;
        break;
      }
      peerMisses.add(miss.get());
    }
    List<Miss> portMisses = new ArrayList<>();
    boolean portMatches = rule.ports().isEmpty();
    for (PortMatcher port : rule.ports()) {
      Optional<Miss> miss = port.mismatch(connection);
      if (miss.isEmpty()) {
        portMatches = true;
        break;
      }
      portMisses.add(miss.get());
    }
    List<Miss> all = new ArrayList<>();
    if (!peerMatches) {
      all.addAll(peerMisses);
    }
    if (!portMatches) {
      all.addAll(portMisses);
    }
    return all;
  }

  private static Mismatch noRules(PolicyRef policy, Direction direction) {
    String field = "spec." + direction.field();
    return new Mismatch(
        policy,
        Mismatch.NO_RULE,
        MismatchReason.NO_RULES,
        field,
        "isolates "
            + direction.field()
            + " and has no "
            + direction.field()
            + " rules, so it allows no "
            + direction.field()
            + " traffic");
  }
}
