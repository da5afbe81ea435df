package io.netpol.policy;

import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Replays observed connections against two policy sets, the deployed one and the one that would
 * replace it, and reports what changes: connections that were allowed and would be blocked, and
 * connections that were blocked and would be allowed, each with the policies that decide it
 * afterwards. Each connection looks only at the policies of its own two namespaces, and only the
 * changed ones are explained in full. Pure.
 */
public final class Replay {
  private Replay() {}

  /**
   * A policy that decides a changed connection afterwards.
   *
   * @param rule the rule that allows it ({@code spec.ingress[0]}), or {@code null} when the policy
   *     isolates the pod and none of its rules allows the connection
   * @param origin where the policy comes from; {@code null} when the replay was not given origins
   */
  public record Decider(PolicyRef policy, String rule, AfterState.Origin origin) {}

  /**
   * How one side of a changed connection is decided afterwards.
   *
   * @param status DENIED for a newly blocked side; for a newly allowed one, ALLOWED_BY_POLICY (the
   *     deciders are the rules that allow it) or NOT_ISOLATED (no policy selects the pod any more)
   * @param deciders for DENIED the policies that isolate the pod, for ALLOWED_BY_POLICY the rules
   */
  public record Side(Direction direction, SideStatus status, List<Decider> deciders) {}

  /** A stored connection with the verdicts before and after, and what decides it afterwards. */
  public record Change(
      ObservedConnection connection,
      io.netpol.policy.Evaluation before,
      io.netpol.policy.Evaluation after,
      List<Side> decidedBy) {}

  /**
   * The outcome of a replay.
   *
   * @param newlyBlocked observed legitimate (allowed or audit) connections the new set would block
   * @param newlyAllowed connections the deployed set blocks and the new set would allow
   * @param evaluated how many connections were judged
   * @param notEvaluated connections NetworkPolicy cannot judge, counted by reason
   * @param work the selectors and rules tested
   */
  public record Impact(
      List<Change> newlyBlocked,
      List<Change> newlyAllowed,
      int evaluated,
      Map<String, Integer> notEvaluated,
      Work work) {}

  /** Replays without knowing where the new set's policies come from. */
  public static Impact replay(
      List<ObservedConnection> connections,
      PolicySet before,
      PolicySet after,
      ConnectionMapping mapping) {
    return replay(connections, before, after, ref -> null, mapping, new Work());
  }

  /**
   * Replays {@code connections}.
   *
   * @param origins where each policy of {@code after} comes from, for the deciders
   * @param work counts the selectors and rules tested
   */
  public static Impact replay(
      List<ObservedConnection> connections,
      PolicySet before,
      PolicySet after,
      Function<PolicyRef, AfterState.Origin> origins,
      ConnectionMapping mapping,
      Work work) {
    List<Change> blocked = new ArrayList<>();
    List<Change> allowed = new ArrayList<>();
    Map<String, Integer> notEvaluated = new TreeMap<>();
    int evaluated = 0;
    for (ObservedConnection c : connections) {
      ConnectionMapping.Mapped m = mapping.map(c);
      if (!m.evaluable()) {
        if (m.outcome() == ConnectionMapping.Outcome.NOT_EVALUABLE) {
          notEvaluated.merge(m.reason(), 1, Integer::sum);
        }
        continue;
      }
      evaluated++;
      boolean b = Evaluator.allows(before, m.connection(), work);
      boolean a = Evaluator.allows(after, m.connection(), work);
      if (b && !a && c.verdict() != Verdict.DENIED) {
        blocked.add(change(c, m.connection(), before, after, origins, work));
      } else if (!b && a) {
        allowed.add(change(c, m.connection(), before, after, origins, work));
      }
    }
    return new Impact(blocked, allowed, evaluated, notEvaluated, work);
  }

  private static Change change(
      ObservedConnection observed,
      Connection connection,
      PolicySet before,
      PolicySet after,
      Function<PolicyRef, AfterState.Origin> origins,
      Work work) {
    io.netpol.policy.Evaluation b = Evaluator.evaluate(before, connection, work);
    io.netpol.policy.Evaluation a = Evaluator.evaluate(after, connection, work);
    List<Side> sides = new ArrayList<>();
    for (Direction d : List.of(Direction.EGRESS, Direction.INGRESS)) {
      SideVerdict now = a.side(d);
      List<Decider> deciders = new ArrayList<>();
      if (!a.allowed() && !now.allowed()) {
        now.isolatedBy().forEach(p -> deciders.add(new Decider(p, null, origins.apply(p))));
      } else if (a.allowed() && !b.side(d).allowed()) {
        now.allowedBy()
            .forEach(
                r -> deciders.add(new Decider(r.policy(), r.field(), origins.apply(r.policy()))));
      } else {
        continue;
      }
      sides.add(new Side(d, now.status(), deciders));
    }
    return new Change(observed, b, a, sides);
  }
}
