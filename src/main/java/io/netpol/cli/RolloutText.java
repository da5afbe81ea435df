package io.netpol.cli;

import io.netpol.rollout.Durations;
import io.netpol.rollout.GateCheck;
import io.netpol.rollout.GateLimits;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.StepMode;
import io.netpol.rollout.StepStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text rendering of rollout plans and state. */
final class RolloutText {
  private RolloutText() {}

  /** The message of {@code verify} when no step was ever applied (or all were rolled back). */
  static final String NOTHING_APPLIED =
      "no step of plan %s is applied: nothing to verify (start with: %s)";

  /** The gates a plan step sets, in one cell. */
  static String limits(RolloutPlan.Step s) {
    GateLimits l = s.limits();
    List<String> parts = new ArrayList<>();
    if (l.maxDeniedConnections() != null) {
      parts.add("denied <= " + String.format("%,d", l.maxDeniedConnections()));
    }
    if (l.maxDeniedRate() != null) {
      parts.add(
          "denied rate <= "
              + GateLimits.percent(l.maxDeniedRate())
              + (l.minConnections() > 0
                  ? String.format(" (from %,d connections)", l.minConnections())
                  : ""));
    }
    if (s.mode() == StepMode.STAGED || l.maxAuditDenied() != null) {
      parts.add(
          (l.maxAuditDenied() == null ? "staged: " : "")
              + "audit denied <= "
              + String.format("%,d", l.maxAuditDenied() == null ? 0 : l.maxAuditDenied()));
    }
    parts.add("evidence of traffic");
    return String.join("; ", parts);
  }

  /** The status table, then the measured gates of every applied step. */
  static void status(PrintWriter out, List<StepStatus> statuses) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "NAMESPACE", "MODE", "STATE", "SOAK"});
    for (StepStatus s : statuses) {
      rows.add(
          new String[] {
            Integer.toString(s.step().index() + 1),
            s.step().namespace(),
            s.step().mode().wireName(),
            state(s),
            Durations.format(s.step().soak())
          });
    }
    Table.print(out, rows);
    for (StepStatus s : statuses) {
      if (s.gates() == null) {
        continue;
      }
      out.println(
          "gates of "
              + s.step().namespace()
              + " ("
              + (s.isStaged() ? "staged" : "enforced")
              + " phase, since "
              + time(s.latest().phaseStartedAt())
              + "):");
      List<String[]> gates = new ArrayList<>();
      for (GateCheck c : s.gates().checks()) {
        // A gate without a limit (evidence) says what it saw in the last column, so its longer
        // text does not push every limit to the right.
        gates.add(
            c.limit().isEmpty()
                ? new String[] {
                  "  " + c.gate().id(), c.outcome().id().toUpperCase(Locale.ROOT), "", c.measured()
                }
                : new String[] {
                  "  " + c.gate().id(),
                  c.outcome().id().toUpperCase(Locale.ROOT),
                  c.measured(),
                  "limit " + c.limit()
                });
      }
      Table.print(out, gates);
    }
  }

  static String state(StepStatus s) {
    String stage = s.isStaged() ? "staged" : "enforced";
    switch (s.phase()) {
      case PENDING:
        return "pending";
      case INTERRUPTED:
        return (s.latest().state() == io.netpol.rollout.StepAttempt.State.PROMOTING
                ? "promote interrupted"
                : "interrupted")
            + " at "
            + time(s.latest().startedAt())
            + " (roll it back)";
      case SOAKING:
        return stage
            + " at "
            + time(s.latest().phaseStartedAt())
            + ", soaking until "
            + time(s.latest().soakUntil());
      case HEALTHY:
        return stage
            + ", healthy (since "
            + time(s.latest().phaseStartedAt())
            + ")"
            + (s.isStaged() ? ": promote it" : "");
      case NOT_ENOUGH_TRAFFIC:
        return stage + ", soaked, not enough traffic yet to decide";
      case NO_EVIDENCE:
        return stage
            + ", NO EVIDENCE: no connection observed since "
            + time(s.latest().phaseStartedAt());
      case FAILING:
        return stage + ", FAILING its gate (since " + time(s.latest().phaseStartedAt()) + ")";
      case ROLLED_BACK:
        return "rolled back at " + time(s.latest().rolledBackAt());
      default:
        return s.phase().name().toLowerCase(Locale.ROOT);
    }
  }

  /** One line for a watch evaluation: every applied step with its state and gate outcomes. */
  static String watchLine(Instant at, List<StepStatus> statuses) {
    StringBuilder line = new StringBuilder(at.toString());
    boolean any = false;
    for (StepStatus s : statuses) {
      if (s.gates() == null && s.phase() != StepStatus.Phase.INTERRUPTED) {
        continue;
      }
      any = true;
      line.append("  ").append(s.step().namespace()).append(": ");
      line.append(s.phase().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      if (s.gates() != null) {
        line.append(s.isStaged() ? " (staged)" : " (enforced)");
        for (GateCheck c : s.gates().checks()) {
          if (c.gate() != GateCheck.Gate.EVIDENCE) {
            line.append(", ").append(c.gate().id()).append(' ').append(c.measured());
          }
        }
        line.append(String.format(", %,d connections", s.gates().since().total()));
      }
    }
    if (!any) {
      line.append("  no step applied");
    }
    return line.toString();
  }

  static String time(Long ms) {
    return ms == null ? "-" : Instant.ofEpochMilli(ms).toString();
  }
}
