package io.netpol.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures a step's gates on the connections counted since its current phase began. Pure.
 *
 * <p>Every gate needs evidence of life: when not one connection was counted since the phase began,
 * neither in the namespace nor anywhere in the cluster, the flows have stopped arriving (observe is
 * down) and a clean count proves nothing.
 */
public final class Gates {
  private Gates() {}

  public static GateReport evaluate(
      RolloutPlan.Step step, StepAttempt attempt, ClusterTraffic now) {
    Traffic since = now.namespace(step.namespace()).since(attempt.baseline());
    long clusterSince = Math.max(0, now.total() - attempt.clusterBaseline());
    boolean staged = attempt.state() == StepAttempt.State.STAGED;
    GateLimits limits = step.limits();
    List<GateCheck> checks = new ArrayList<>();
    if (limits.maxDeniedConnections() != null) {
      checks.add(
          count(GateCheck.Gate.DENIED_CONNECTIONS, since.denied(), limits.maxDeniedConnections()));
    }
    boolean auditGated = staged || limits.maxAuditDenied() != null;
    if (auditGated) {
      checks.add(
          count(
              GateCheck.Gate.AUDIT_DENIED,
              since.audit(),
              limits.maxAuditDenied() == null ? 0 : limits.maxAuditDenied()));
    }
    if (limits.maxDeniedRate() != null) {
      checks.add(rate(limits, auditGated ? since.denied() + since.audit() : since.denied(), since));
    }
    checks.add(evidence(step.namespace(), since, clusterSince));
    return new GateReport(checks, since, clusterSince);
  }

  private static GateCheck count(GateCheck.Gate gate, long measured, long max) {
    return new GateCheck(
        gate,
        measured <= max ? GateCheck.Outcome.PASS : GateCheck.Outcome.FAIL,
        String.format("%,d", measured),
        "<= " + String.format("%,d", max),
        measured);
  }

  private static GateCheck rate(GateLimits limits, long denied, Traffic since) {
    long total = since.total();
    String limit =
        "<= "
            + GateLimits.percent(limits.maxDeniedRate())
            + (limits.minConnections() > 0
                ? String.format(" from %,d connections", limits.minConnections())
                : "");
    String measured =
        String.format("%,d of %,d", denied, total)
            + (total > 0 ? " (" + GateLimits.percent(denied, total) + ")" : "");
    double value = total == 0 ? 0 : (double) denied / total;
    if (total == 0 || total < limits.minConnections()) {
      return new GateCheck(
          GateCheck.Gate.DENIED_RATE,
          GateCheck.Outcome.NOT_ENOUGH_TRAFFIC,
          measured + ", not enough traffic yet",
          limit,
          value);
    }
    return new GateCheck(
        GateCheck.Gate.DENIED_RATE,
        limits.rateHolds(denied, total) ? GateCheck.Outcome.PASS : GateCheck.Outcome.FAIL,
        measured,
        limit,
        value);
  }

  private static GateCheck evidence(String namespace, Traffic since, long clusterSince) {
    if (since.total() > 0) {
      return new GateCheck(
          GateCheck.Gate.EVIDENCE,
          GateCheck.Outcome.PASS,
          String.format("%,d connections in %s", since.total(), namespace),
          "",
          since.total());
    }
    if (clusterSince > 0) {
      return new GateCheck(
          GateCheck.Gate.EVIDENCE,
          GateCheck.Outcome.PASS,
          String.format(
              "none in %s, but %,d elsewhere in the cluster: flows arrive",
              namespace, clusterSince),
          "",
          0);
    }
    return new GateCheck(
        GateCheck.Gate.EVIDENCE,
        GateCheck.Outcome.NO_EVIDENCE,
        "no connection observed anywhere since the phase began; is observe running?",
        "",
        0);
  }
}
