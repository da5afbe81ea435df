package io.netpol.rollout;

import io.netpol.store.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rollout's rules as pure functions of the plan, the recorded steps, the denied-connection
 * counts and the time: where each step stands, and whether a namespace may go next.
 */
public final class RolloutDecider {
  private RolloutDecider() {}

  /**
   * @param records every recorded attempt of the plan's steps, oldest first
   * @param deniedNow denied connections stored so far, per namespace
   */
  public static List<StepStatus> status(
      RolloutPlan plan, List<StepRecord> records, Map<String, Long> deniedNow, Instant now) {
    List<StepStatus> out = new ArrayList<>();
    for (RolloutPlan.Step step : plan.steps()) {
      StepRecord latest = null;
      for (StepRecord r : records) {
        if (r.namespace().equals(step.namespace())) {
          latest = r;
        }
      }
      if (latest == null) {
        out.add(new StepStatus(step, null, StepStatus.Phase.PENDING, 0));
        continue;
      }
      long denied =
          Math.max(0, deniedNow.getOrDefault(step.namespace(), 0L) - latest.deniedBaseline());
      StepStatus.Phase phase;
      switch (latest.status()) {
        case StepRecord.APPLYING:
          phase = StepStatus.Phase.INTERRUPTED;
          break;
        case StepRecord.ROLLED_BACK:
          phase = StepStatus.Phase.ROLLED_BACK;
          break;
        default:
          if (denied > step.maxDeniedConnections()) {
            phase = StepStatus.Phase.FAILING;
          } else if (latest.soakUntil() != null && now.toEpochMilli() < latest.soakUntil()) {
            phase = StepStatus.Phase.SOAKING;
          } else {
            phase = StepStatus.Phase.HEALTHY;
          }
      }
      out.add(new StepStatus(step, latest, phase, latest.isActive() ? denied : 0));
    }
    return out;
  }

  /** Whether {@code namespace} may be rolled out now; {@code force} overrides order and gates. */
  public static Decision next(
      RolloutPlan plan, List<StepStatus> statuses, String namespace, boolean force) {
    int index = plan.indexOf(namespace);
    if (index < 0) {
      return Decision.refuse(
          Decision.Kind.REFUSED_STATE,
          List.of(
              namespace
                  + " is not a step of plan "
                  + plan.name()
                  + " (steps: "
                  + String.join(
                      ", ", plan.steps().stream().map(RolloutPlan.Step::namespace).toList())
                  + ")"));
    }
    for (StepStatus s : statuses) {
      if (s.phase() == StepStatus.Phase.INTERRUPTED) {
        return Decision.refuse(
            Decision.Kind.REFUSED_STATE,
            List.of(
                "step "
                    + s.step().namespace()
                    + " was interrupted before it finished; restore it first with: netpol-rollout rollback --namespace "
                    + s.step().namespace()));
      }
    }
    StepStatus requested = statuses.get(index);
    if (requested.isApplied()) {
      return Decision.refuse(
          Decision.Kind.REFUSED_STATE,
          List.of(
              namespace
                  + " is already applied ("
                  + requested.phase().name().toLowerCase(java.util.Locale.ROOT)
                  + "); roll it back first to apply it again"));
    }
    List<String> stateReasons = new ArrayList<>();
    List<String> gateReasons = new ArrayList<>();
    StepStatus expected = null;
    for (StepStatus s : statuses) {
      if (!s.isApplied()) {
        expected = s;
        break;
      }
    }
    if (expected != null && expected != requested) {
      stateReasons.add(
          "out of order: the next step of plan "
              + plan.name()
              + " is "
              + expected.step().namespace()
              + ", not "
              + namespace);
    }
    for (int i = 0; i < index; i++) {
      StepStatus before = statuses.get(i);
      if (before.phase() == StepStatus.Phase.SOAKING) {
        gateReasons.add(
            before.step().namespace()
                + " is still soaking until "
                + Instant.ofEpochMilli(before.latest().soakUntil()));
      } else if (before.phase() == StepStatus.Phase.FAILING) {
        gateReasons.add(
            before.step().namespace()
                + " failed its gate: "
                + before.deniedSince()
                + " denied connections since it was applied (at most "
                + before.step().maxDeniedConnections()
                + ")");
      }
    }
    List<String> all = new ArrayList<>(stateReasons);
    all.addAll(gateReasons);
    if (all.isEmpty()) {
      return Decision.go(plan.steps().get(index), List.of());
    }
    if (force) {
      return Decision.go(plan.steps().get(index), all);
    }
    return Decision.refuse(
        stateReasons.isEmpty() ? Decision.Kind.REFUSED_GATE : Decision.Kind.REFUSED_STATE, all);
  }
}
