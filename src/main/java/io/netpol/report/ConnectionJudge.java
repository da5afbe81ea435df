package io.netpol.report;

import io.netpol.audit.DecidedBy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.Evaluator;
import io.netpol.policy.PolicySet;
import java.util.ArrayList;
import java.util.List;

/** Judges each observed connection against the policies given, for drawing and the evidence. */
public final class ConnectionJudge {
  /** What the evidence says when no policies were given. */
  public static final String NO_POLICIES = "no policies given";

  private ConnectionJudge() {}

  /**
   * @param policies the policies to judge against, or {@code null} when none were given
   */
  public static List<JudgedConnection> judge(
      List<ObservedConnection> connections, PolicySet policies, ConnectionMapping mapping) {
    List<JudgedConnection> out = new ArrayList<>(connections.size());
    for (ObservedConnection c : connections) {
      out.add(judge(c, policies, mapping));
    }
    return out;
  }

  static JudgedConnection judge(
      ObservedConnection c, PolicySet policies, ConnectionMapping mapping) {
    LinkState observed =
        c.verdict() == Verdict.DENIED
            ? LinkState.DENIED
            : c.verdict() == Verdict.AUDIT ? LinkState.AUDIT : LinkState.ALLOWED;
    if (policies == null) {
      return new JudgedConnection(c, observed, NO_POLICIES);
    }
    ConnectionMapping.Mapped m = mapping.map(c);
    if (!m.evaluable()) {
      return new JudgedConnection(c, observed, m.reason());
    }
    io.netpol.policy.Evaluation v = Evaluator.evaluate(policies, m.connection());
    LinkState state =
        observed == LinkState.ALLOWED && !v.allowed() ? LinkState.BLOCKED_BY_POLICY : observed;
    return new JudgedConnection(c, state, DecidedBy.of(v));
  }
}
