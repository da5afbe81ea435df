package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutDeciderTest {
  static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
  private static final RolloutPlan PLAN =
      new RolloutPlan(
          "app",
          null,
          List.of(
              RolloutPlan.Step.enforce(0, "data", Duration.ofHours(24), 0),
              RolloutPlan.Step.enforce(1, "api", Duration.ofHours(24), 2)));
  private static final RolloutPlan STAGED_PLAN =
      new RolloutPlan(
          "app",
          null,
          List.of(
              new RolloutPlan.Step(
                  0, "data", Duration.ofHours(24), StepMode.STAGED, GateLimits.STRICT),
              RolloutPlan.Step.enforce(1, "api", Duration.ofHours(24), 0)));

  static StepAttempt attempt(
      String ns, int index, StepAttempt.State state, Instant at, Traffic baseline) {
    return new StepAttempt(
        "app." + ns,
        ns,
        index,
        state,
        state == StepAttempt.State.STAGED ? StepMode.STAGED : StepMode.ENFORCE,
        at.toEpochMilli(),
        state == StepAttempt.State.APPLYING ? null : at.toEpochMilli(),
        null,
        state == StepAttempt.State.APPLYING ? null : at.plus(Duration.ofHours(24)).toEpochMilli(),
        state == StepAttempt.State.ROLLED_BACK ? at.toEpochMilli() : null,
        baseline,
        baseline.total(),
        false);
  }

  static StepAttempt enforced(String ns, int index, Instant at) {
    return attempt(ns, index, StepAttempt.State.ENFORCED, at, Traffic.NONE);
  }

  /** Traffic in the namespace: {@code total} connections, {@code denied} and {@code audit}. */
  static ClusterTraffic traffic(String ns, long total, long denied, long audit) {
    return new ClusterTraffic(Map.of(ns, new Traffic(total, denied, audit)), total);
  }

  private static Decision next(
      RolloutPlan plan, List<StepAttempt> a, ClusterTraffic t, Instant now, String ns) {
    return RolloutDecider.next(
        plan, RolloutDecider.status(plan, a, t, now), ns, false, CommandHint.BARE);
  }

  @Test
  void the_first_step_may_start_and_the_second_may_not_jump_ahead() {
    ClusterTraffic none = traffic("data", 0, 0, 0);
    assertTrue(next(PLAN, List.of(), none, T0, "data").go());
    Decision jump = next(PLAN, List.of(), none, T0, "api");
    assertEquals(Decision.Kind.REFUSED_STATE, jump.kind());
    assertTrue(jump.refusals().get(0).contains("out of order"));
  }

  @Test
  void the_next_step_waits_for_the_soak_then_goes() {
    List<StepAttempt> a = List.of(enforced("data", 0, T0));
    ClusterTraffic t = traffic("data", 100, 0, 0);
    Decision early = next(PLAN, a, t, T0.plus(Duration.ofHours(23)), "api");
    assertEquals(Decision.Kind.REFUSED_GATE, early.kind());
    assertTrue(
        early.refusals().get(0).contains("data is still soaking until 2026-11-22T00:00:00Z"));
    assertTrue(next(PLAN, a, t, T0.plus(Duration.ofHours(24)), "api").go());
  }

  @Test
  void denied_connections_since_the_step_began_fail_its_gate() {
    List<StepAttempt> a =
        List.of(attempt("data", 0, StepAttempt.State.ENFORCED, T0, new Traffic(50, 5, 0)));
    List<StepStatus> s =
        RolloutDecider.status(PLAN, a, traffic("data", 60, 6, 0), T0.plus(Duration.ofDays(2)));
    assertEquals(StepStatus.Phase.FAILING, s.get(0).phase());
    assertEquals(1, s.get(0).gates().since().denied(), "counted from the baseline");
    Decision d = RolloutDecider.next(PLAN, s, "api", false, CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_GATE, d.kind());
    assertTrue(d.refusals().get(0).contains("data failed its gate: denied_connections 1"));
  }

  @Test
  void a_soaked_step_without_a_single_observed_connection_has_no_evidence_and_blocks_the_next() {
    // observe died: nothing was counted anywhere since the step began.
    List<StepAttempt> a =
        List.of(attempt("data", 0, StepAttempt.State.ENFORCED, T0, new Traffic(50, 0, 0)));
    ClusterTraffic stale = new ClusterTraffic(Map.of("data", new Traffic(50, 0, 0)), 50);
    List<StepStatus> s = RolloutDecider.status(PLAN, a, stale, T0.plus(Duration.ofDays(2)));
    assertEquals(StepStatus.Phase.NO_EVIDENCE, s.get(0).phase());
    Decision d = RolloutDecider.next(PLAN, s, "api", false, CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_GATE, d.kind());
    assertTrue(d.refusals().get(0).contains("data has no evidence"), d.toString());

    // Traffic elsewhere in the cluster proves flows arrive: a quiet namespace is healthy.
    ClusterTraffic elsewhere = new ClusterTraffic(Map.of("data", new Traffic(50, 0, 0)), 80);
    List<StepStatus> quiet = RolloutDecider.status(PLAN, a, elsewhere, T0.plus(Duration.ofDays(2)));
    assertEquals(StepStatus.Phase.HEALTHY, quiet.get(0).phase());
  }

  @Test
  void while_soaking_a_step_without_traffic_yet_is_soaking_not_failing() {
    List<StepAttempt> a = List.of(enforced("data", 0, T0));
    List<StepStatus> s =
        RolloutDecider.status(PLAN, a, traffic("data", 0, 0, 0), T0.plus(Duration.ofHours(1)));
    assertEquals(StepStatus.Phase.SOAKING, s.get(0).phase());
  }

  @Test
  void force_overrides_order_and_gates_and_says_what_it_overrode() {
    Decision d =
        RolloutDecider.next(
            PLAN,
            RolloutDecider.status(PLAN, List.of(), traffic("x", 0, 0, 0), T0),
            "api",
            true,
            CommandHint.BARE);
    assertTrue(d.go());
    assertTrue(d.forced());
    assertTrue(d.refusals().get(0).contains("out of order"));
  }

  @Test
  void an_interrupted_step_blocks_everything_until_rolled_back_even_when_forced() {
    List<StepAttempt> a = List.of(attempt("data", 0, StepAttempt.State.APPLYING, T0, Traffic.NONE));
    // The command line's hint writes the options of the run, so the rollback runs as printed.
    CommandHint withOptions =
        (sub, args) ->
            "netpol-rollout " + sub + " --plan p.yaml --db d.db " + String.join(" ", args);
    Decision d =
        RolloutDecider.next(
            PLAN,
            RolloutDecider.status(PLAN, a, traffic("data", 0, 0, 0), T0),
            "data",
            true,
            withOptions);
    assertEquals(Decision.Kind.REFUSED_STATE, d.kind());
    assertEquals(
        List.of(
            "step data was interrupted before it finished; restore it first with: netpol-rollout"
                + " rollback --plan p.yaml --db d.db --namespace data"),
        d.refusals());
  }

  @Test
  void a_rolled_back_step_is_the_next_step_again() {
    List<StepAttempt> a =
        List.of(attempt("data", 0, StepAttempt.State.ROLLED_BACK, T0, Traffic.NONE));
    ClusterTraffic t = traffic("data", 0, 0, 0);
    assertTrue(next(PLAN, a, t, T0, "data").go());
    assertEquals(Decision.Kind.REFUSED_STATE, next(PLAN, a, t, T0, "api").kind());
  }

  @Test
  void an_applied_step_cannot_be_applied_twice() {
    List<StepAttempt> a = List.of(enforced("data", 0, T0));
    Decision d =
        RolloutDecider.next(
            PLAN,
            RolloutDecider.status(PLAN, a, traffic("data", 5, 0, 0), T0),
            "data",
            true,
            CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_STATE, d.kind());
    assertTrue(d.refusals().get(0).contains("already applied"));
  }

  @Test
  void a_staged_step_must_be_promoted_before_the_next_namespace_and_soaked_before_promote() {
    List<StepAttempt> a = List.of(attempt("data", 0, StepAttempt.State.STAGED, T0, Traffic.NONE));
    ClusterTraffic clean = traffic("data", 40, 0, 0);
    Instant later = T0.plus(Duration.ofHours(25));

    Decision nextTooEarly = next(STAGED_PLAN, a, clean, later, "api");
    assertEquals(Decision.Kind.REFUSED_GATE, nextTooEarly.kind());
    assertTrue(nextTooEarly.refusals().get(0).contains("data is staged, not enforced"));

    Decision soaking =
        RolloutDecider.promote(
            STAGED_PLAN,
            RolloutDecider.status(STAGED_PLAN, a, clean, T0.plus(Duration.ofHours(1))),
            "data",
            false,
            CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_GATE, soaking.kind());
    assertTrue(soaking.refusals().get(0).contains("still soaking (staged)"));

    assertTrue(
        RolloutDecider.promote(
                STAGED_PLAN,
                RolloutDecider.status(STAGED_PLAN, a, clean, later),
                "data",
                false,
                CommandHint.BARE)
            .go());
  }

  @Test
  void audit_denies_in_the_staged_soak_fail_the_staged_gate_and_block_promote() {
    List<StepAttempt> a = List.of(attempt("data", 0, StepAttempt.State.STAGED, T0, Traffic.NONE));
    List<StepStatus> s =
        RolloutDecider.status(
            STAGED_PLAN, a, traffic("data", 40, 0, 3), T0.plus(Duration.ofHours(25)));
    assertEquals(StepStatus.Phase.FAILING, s.get(0).phase());
    assertTrue(s.get(0).isStaged());
    Decision d = RolloutDecider.promote(STAGED_PLAN, s, "data", false, CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_GATE, d.kind());
    assertTrue(
        d.refusals().get(0).contains("failed its staged gate: audit_denied 3"), d.toString());
    assertTrue(RolloutDecider.promote(STAGED_PLAN, s, "data", true, CommandHint.BARE).forced());
  }

  @Test
  void only_a_staged_step_can_be_promoted() {
    List<StepAttempt> a = List.of(enforced("data", 0, T0));
    Decision d =
        RolloutDecider.promote(
            PLAN,
            RolloutDecider.status(PLAN, a, traffic("data", 5, 0, 0), T0),
            "data",
            true,
            CommandHint.BARE);
    assertEquals(Decision.Kind.REFUSED_STATE, d.kind());
    assertFalse(d.go());
    assertTrue(d.refusals().get(0).contains("no staged step to promote (already enforced)"));
  }
}
