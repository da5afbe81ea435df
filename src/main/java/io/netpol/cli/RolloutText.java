package io.netpol.cli;

import io.netpol.rollout.Durations;
import io.netpol.rollout.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text rendering of rollout state. */
final class RolloutText {
  private RolloutText() {}

  static List<String[]> statusRows(List<StepStatus> statuses) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STEP", "NAMESPACE", "STATE", "SOAK", "DENIED SINCE", "GATE"});
    for (StepStatus s : statuses) {
      rows.add(
          new String[] {
            Integer.toString(s.step().index() + 1),
            s.step().namespace(),
            state(s),
            Durations.format(s.step().soak()),
            s.latest() != null && s.latest().isActive() ? Long.toString(s.deniedSince()) : "-",
            "<= " + s.step().maxDeniedConnections() + " denied"
          });
    }
    return rows;
  }

  static String state(StepStatus s) {
    switch (s.phase()) {
      case PENDING:
        return "pending";
      case INTERRUPTED:
        return "interrupted at " + time(s.latest().startedAt()) + " (roll it back)";
      case SOAKING:
        return "applied at "
            + time(s.latest().appliedAt())
            + ", soaking until "
            + time(s.latest().soakUntil());
      case HEALTHY:
        return "healthy (applied at " + time(s.latest().appliedAt()) + ")";
      case FAILING:
        return "FAILING its gate (applied at " + time(s.latest().appliedAt()) + ")";
      case ROLLED_BACK:
        return "rolled back at " + time(s.latest().rolledBackAt());
      default:
        return s.phase().name().toLowerCase(Locale.ROOT);
    }
  }

  static String time(Long ms) {
    return ms == null ? "-" : Instant.ofEpochMilli(ms).toString();
  }
}
