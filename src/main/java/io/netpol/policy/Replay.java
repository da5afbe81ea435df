package io.netpol.policy;

import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays observed connections against two policy sets, the deployed one and the one that would
 * replace it, and reports what changes: connections that were allowed and would be blocked, and
 * connections that were blocked and would be allowed. Pure.
 */
public final class Replay {
  private Replay() {}

  /** A stored connection with the verdicts that decided it before and after. */
  public record Change(
      ObservedConnection connection,
      io.netpol.policy.Verdict before,
      io.netpol.policy.Verdict after) {}

  /**
   * The outcome of a replay.
   *
   * @param newlyBlocked observed legitimate (allowed or audit) connections the new set would block
   * @param newlyAllowed connections the deployed set blocks and the new set would allow
   * @param evaluated how many connections were judged
   * @param notEvaluated connections NetworkPolicy cannot judge, counted by reason
   */
  public record Impact(
      List<Change> newlyBlocked,
      List<Change> newlyAllowed,
      int evaluated,
      Map<String, Integer> notEvaluated) {}

  public static Impact replay(
      List<ObservedConnection> connections,
      PolicySet before,
      PolicySet after,
      ConnectionMapping mapping) {
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
      io.netpol.policy.Verdict b = Evaluator.evaluate(before, m.connection());
      io.netpol.policy.Verdict a = Evaluator.evaluate(after, m.connection());
      if (b.allowed() && !a.allowed() && c.verdict() != Verdict.DENIED) {
        blocked.add(new Change(c, b, a));
      } else if (!b.allowed() && a.allowed()) {
        allowed.add(new Change(c, b, a));
      }
    }
    return new Impact(blocked, allowed, evaluated, notEvaluated);
  }
}
