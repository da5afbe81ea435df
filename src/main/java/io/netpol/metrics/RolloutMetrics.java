package io.netpol.metrics;

import io.netpol.rollout.GateCheck;
import io.netpol.rollout.Rollback;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.StepStatus;
import io.prometheus.metrics.core.datapoints.StateSetDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The state of a watched rollout, updated after every evaluation: each step's phase, each gate's
 * outcome and measured value, and the rollbacks done.
 */
public final class RolloutMetrics {
  private final String plan;
  private final StateSet phase;
  private final StateSet gate;
  private final Gauge gateValue;
  private final Counter rollbacks;
  private final Counter evaluations;
  private final Gauge lastEvaluation;

  /**
   * Registers the metrics of {@code plan}'s watch; each step's rollback counter starts at 0, so the
   * first rollback is an increase an alert sees.
   */
  public RolloutMetrics(PrometheusRegistry registry, RolloutPlan rolloutPlan) {
    this.plan = rolloutPlan.name();
    phase =
        StateSet.builder()
            .name("netpol_rollout_step_phase")
            .help("Where each step of the plan stands")
            .labelNames("plan", "namespace", "mode")
            .states(names(StepStatus.Phase.values()))
            .register(registry);
    gate =
        StateSet.builder()
            .name("netpol_rollout_gate")
            .help("Each gate of an applied step: pass, not_enough_traffic, no_evidence or fail")
            .labelNames("plan", "namespace", "gate")
            .states(names(GateCheck.Outcome.values()))
            .register(registry);
    gateValue =
        Gauge.builder()
            .name("netpol_rollout_gate_value")
            .help(
                "What each gate measured since the step's phase began: a count, or a fraction for"
                    + " denied_rate")
            .labelNames("plan", "namespace", "gate")
            .register(registry);
    rollbacks =
        Counter.builder()
            .name("netpol_rollout_rollbacks")
            .help("Steps rolled back by this watch because a gate failed")
            .labelNames("plan", "namespace")
            .register(registry);
    evaluations =
        Counter.builder()
            .name("netpol_rollout_evaluations")
            .help("Gate evaluations made by this watch")
            .labelNames("plan")
            .register(registry);
    lastEvaluation =
        Gauge.builder()
            .name("netpol_rollout_last_evaluation_timestamp_seconds")
            .help("When this watch last evaluated the gates (Unix time)")
            .labelNames("plan")
            .register(registry);
    evaluations.labelValues(plan);
    for (RolloutPlan.Step step : rolloutPlan.steps()) {
      rollbacks.labelValues(plan, step.namespace());
    }
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }

  /** Sets {@code state} true and every other state false. */
  private static void only(StateSetDataPoint point, String[] states, String state) {
    for (String s : states) {
      if (s.equals(state)) {
        point.setTrue(s);
      } else {
        point.setFalse(s);
      }
    }
  }

  /** Records one evaluation. */
  public void evaluated(Instant at, RolloutService.VerifyResult result) {
    for (StepStatus s : result.statuses()) {
      String ns = s.step().namespace();
      only(
          phase.labelValues(plan, ns, s.step().mode().wireName()),
          names(StepStatus.Phase.values()),
          s.phase().name().toLowerCase(Locale.ROOT));
      for (GateCheck.Gate g : GateCheck.Gate.values()) {
        gate.remove(plan, ns, g.id());
        gateValue.remove(plan, ns, g.id());
      }
      if (s.gates() != null) {
        for (GateCheck c : s.gates().checks()) {
          only(
              gate.labelValues(plan, ns, c.gate().id()),
              names(GateCheck.Outcome.values()),
              c.outcome().id());
          gateValue.labelValues(plan, ns, c.gate().id()).set(c.value());
        }
      }
    }
    if (!result.dryRun()) {
      for (Rollback.Result r : result.rolledBack()) {
        rollbacks.labelValues(plan, r.namespace()).inc();
      }
    }
    evaluations.labelValues(plan).inc();
    lastEvaluation.labelValues(plan).set(at.toEpochMilli() / 1000.0);
  }
}
