package io.netpol.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rollout's rules as pure functions of the plan, the recorded attempts, the traffic counted so
 * far and the time: where each step stands, whether a namespace may go next, whether a staged step
 * may be promoted.
 */
public final class RolloutDecider {
  private RolloutDecider() {}

  /**
   * @param attempts every recorded attempt of the plan's steps, oldest first
   * @param traffic connections counted so far
   */
  public static List<StepStatus> status(
      RolloutPlan plan, List<StepAttempt> attempts, ClusterTraffic traffic, Instant now) {
    Map<String, StepAttempt> latest = latest(attempts);
    List<StepStatus> out = new ArrayList<>();
    for (RolloutPlan.Step step : plan.steps()) {
      StepAttempt a = latest.get(step.namespace());
      if (a == null) {
        out.add(new StepStatus(step, null, StepStatus.Phase.PENDING, null));
      } else if (a.state() == StepAttempt.State.ROLLED_BACK) {
        out.add(new StepStatus(step, a, StepStatus.Phase.ROLLED_BACK, null));
      } else if (a.isInterrupted()) {
        out.add(new StepStatus(step, a, StepStatus.Phase.INTERRUPTED, null));
      } else {
        GateReport gates = Gates.evaluate(step, a, traffic);
        out.add(new StepStatus(step, a, phase(a, gates, now), gates));
      }
    }
    return out;
  }

  /** The latest attempt per namespace. */
  public static Map<String, StepAttempt> latest(List<StepAttempt> attempts) {
    Map<String, StepAttempt> latest = new java.util.LinkedHashMap<>();
    for (StepAttempt a : attempts) {
      latest.put(a.namespace(), a);
    }
    return latest;
  }

  private static StepStatus.Phase phase(StepAttempt a, GateReport gates, Instant now) {
    GateCheck.Outcome outcome = gates.outcome();
    if (outcome == GateCheck.Outcome.FAIL) {
      return StepStatus.Phase.FAILING;
    }
    if (a.soakUntil() != null && now.toEpochMilli() < a.soakUntil()) {
      return StepStatus.Phase.SOAKING;
    }
    switch (outcome) {
      case NO_EVIDENCE:
        return StepStatus.Phase.NO_EVIDENCE;
      case NOT_ENOUGH_TRAFFIC:
        return StepStatus.Phase.NOT_ENOUGH_TRAFFIC;
      default:
        return StepStatus.Phase.HEALTHY;
    }
  }

  /**
   * Whether {@code namespace} may be rolled out now; {@code force} overrides order and gates.
   *
   * @param hint how a refusal names the command that gets the rollout going again
   */
  public static Decision next(
      RolloutPlan plan,
      List<StepStatus> statuses,
      String namespace,
      boolean force,
      CommandHint hint) {
    int index = plan.indexOf(namespace);
    if (index < 0) {
      return notAStep(plan, namespace);
    }
    Decision interrupted = interrupted(statuses, hint);
    if (interrupted != null) {
      return interrupted;
    }
    StepStatus requested = statuses.get(index);
    if (requested.isApplied()) {
      return Decision.refuse(
          Decision.Kind.REFUSED_STATE,
          List.of(
              namespace
                  + " is already applied ("
                  + (requested.isStaged() ? "staged, " : "")
                  + requested.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  + "); roll it back first to apply it again"
                  + (requested.isStaged()
                      ? ", or enforce it with: " + hint.command("promote", "--namespace", namespace)
                      : "")));
    }
    List<String> stateReasons = new ArrayList<>();
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
    List<String> gateReasons = new ArrayList<>();
    for (int i = 0; i < index; i++) {
      StepStatus before = statuses.get(i);
      if (!before.isApplied()) {
        continue;
      }
      if (before.isStaged()) {
        gateReasons.add(
            before.step().namespace()
                + " is staged, not enforced; enforce it first with: "
                + hint.command("promote", "--namespace", before.step().namespace()));
      } else {
        String why = notHealthy(before);
        if (why != null) {
          gateReasons.add(why);
        }
      }
    }
    return decide(plan.steps().get(index), stateReasons, gateReasons, force);
  }

  /**
   * Whether the staged step of {@code namespace} may be replaced by its enforcing policies: it must
   * be staged, soaked, and pass its staged gates ({@code force} overrides the gates).
   *
   * @param hint how a refusal names the command to run instead
   */
  public static Decision promote(
      RolloutPlan plan,
      List<StepStatus> statuses,
      String namespace,
      boolean force,
      CommandHint hint) {
    int index = plan.indexOf(namespace);
    if (index < 0) {
      return notAStep(plan, namespace);
    }
    StepStatus s = statuses.get(index);
    if (s.phase() == StepStatus.Phase.INTERRUPTED) {
      return interrupted(List.of(s), hint);
    }
    if (!s.isStaged()) {
      String state =
          s.isApplied()
              ? "already enforced"
              : s.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      return Decision.refuse(
          Decision.Kind.REFUSED_STATE,
          List.of(
              namespace
                  + " has no staged step to promote ("
                  + state
                  + "); a step with mode: staged is applied first with: "
                  + hint.command("next", "--namespace", namespace)));
    }
    String why = notHealthy(s);
    return decide(s.step(), List.of(), why == null ? List.of() : List.of(why), force);
  }

  private static Decision decide(
      RolloutPlan.Step step, List<String> stateReasons, List<String> gateReasons, boolean force) {
    List<String> all = new ArrayList<>(stateReasons);
    all.addAll(gateReasons);
    if (all.isEmpty()) {
      return Decision.go(step, List.of());
    }
    if (force) {
      return Decision.go(step, all);
    }
    return Decision.refuse(
        stateReasons.isEmpty() ? Decision.Kind.REFUSED_GATE : Decision.Kind.REFUSED_STATE, all);
  }

  /** Why an applied step does not let the rollout go on, or null when it is healthy. */
  private static String notHealthy(StepStatus s) {
    String ns = s.step().namespace();
    String phase = s.isStaged() ? "staged " : "";
    switch (s.phase()) {
      case SOAKING:
        return ns
            + " is still soaking"
            + (s.isStaged() ? " (staged)" : "")
            + " until "
            + Instant.ofEpochMilli(s.latest().soakUntil());
      case FAILING:
        return ns + " failed its " + phase + "gate: " + s.gates().describe(GateCheck.Outcome.FAIL);
      case NO_EVIDENCE:
        return ns
            + " has no evidence: not one connection was observed since its "
            + phase
            + "phase began, neither there nor elsewhere in the cluster; check that observe is"
            + " running and feeding this store";
      case NOT_ENOUGH_TRAFFIC:
        return ns
            + " has not seen enough traffic to decide its "
            + phase
            + "rate gate: "
            + s.gates().describe(GateCheck.Outcome.NOT_ENOUGH_TRAFFIC);
      default:
        return null;
    }
  }

  private static Decision notAStep(RolloutPlan plan, String namespace) {
    return Decision.refuse(
        Decision.Kind.REFUSED_STATE,
        List.of(
            namespace
                + " is not a step of plan "
                + plan.name()
                + " (steps: "
                + String.join(", ", plan.steps().stream().map(RolloutPlan.Step::namespace).toList())
                + ")"));
  }

  private static Decision interrupted(List<StepStatus> statuses, CommandHint hint) {
    for (StepStatus s : statuses) {
      if (s.phase() == StepStatus.Phase.INTERRUPTED) {
        return Decision.refuse(
            Decision.Kind.REFUSED_STATE,
            List.of(
                "step "
                    + s.step().namespace()
                    + " was interrupted before it finished; restore it first with: "
                    + hint.command("rollback", "--namespace", s.step().namespace())));
      }
    }
    return null;
  }
}
