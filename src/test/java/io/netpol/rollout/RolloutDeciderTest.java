package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.store.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutDeciderTest {
  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
  private static final RolloutPlan PLAN =
      new RolloutPlan(
          "app",
          null,
          List.of(
              new RolloutPlan.Step(0, "data", Duration.ofHours(24), 0),
              new RolloutPlan.Step(1, "api", Duration.ofHours(24), 2)));

  private static StepRecord applied(String ns, int index, Instant at, long baseline) {
    return new StepRecord(
        "app." + ns,
        "app",
        ns,
        index,
        StepRecord.APPLIED,
        at.toEpochMilli(),
        at.toEpochMilli(),
        at.plus(Duration.ofHours(24)).toEpochMilli(),
        null,
        baseline,
        false);
  }

  private static Decision next(
      List<StepRecord> records, Map<String, Long> denied, Instant now, String ns, boolean force) {
    return RolloutDecider.next(PLAN, RolloutDecider.status(PLAN, records, denied, now), ns, force);
  }

  @Test
  void the_first_step_may_start_and_the_second_may_not_jump_ahead() {
    assertTrue(next(List.of(), Map.of(), T0, "data", false).go());
    Decision jump = next(List.of(), Map.of(), T0, "api", false);
    assertEquals(Decision.Kind.REFUSED_STATE, jump.kind());
    assertTrue(jump.refusals().get(0).contains("out of order"));
  }

  @Test
  void the_next_step_waits_for_the_soak_then_goes() {
    List<StepRecord> r = List.of(applied("data", 0, T0, 0));
    Decision early = next(r, Map.of("data", 0L), T0.plus(Duration.ofHours(23)), "api", false);
    assertEquals(Decision.Kind.REFUSED_GATE, early.kind());
    assertTrue(
        early.refusals().get(0).contains("data is still soaking until 2026-11-22T00:00:00Z"));
    assertTrue(next(r, Map.of("data", 0L), T0.plus(Duration.ofHours(24)), "api", false).go());
  }

  @Test
  void denied_connections_since_the_step_began_fail_its_gate() {
    List<StepRecord> r = List.of(applied("data", 0, T0, 5));
    List<StepStatus> s =
        RolloutDecider.status(PLAN, r, Map.of("data", 6L), T0.plus(Duration.ofDays(2)));
    assertEquals(StepStatus.Phase.FAILING, s.get(0).phase());
    assertEquals(1, s.get(0).deniedSince(), "counted from the baseline");
    Decision d = RolloutDecider.next(PLAN, s, "api", false);
    assertEquals(Decision.Kind.REFUSED_GATE, d.kind());
  }

  @Test
  void force_overrides_order_and_gates_and_says_what_it_overrode() {
    Decision d = next(List.of(), Map.of(), T0, "api", true);
    assertTrue(d.go());
    assertTrue(d.forced());
    assertTrue(d.refusals().get(0).contains("out of order"));
  }

  @Test
  void an_interrupted_step_blocks_everything_until_rolled_back_even_when_forced() {
    List<StepRecord> r = new ArrayList<>();
    r.add(
        new StepRecord(
            "app.data",
            "app",
            "data",
            0,
            StepRecord.APPLYING,
            T0.toEpochMilli(),
            null,
            null,
            null,
            0,
            false));
    Decision d = next(r, Map.of(), T0, "data", true);
    assertEquals(Decision.Kind.REFUSED_STATE, d.kind());
    assertTrue(d.refusals().get(0).contains("rollback --namespace data"));
  }

  @Test
  void a_rolled_back_step_is_the_next_step_again() {
    List<StepRecord> r =
        List.of(
            new StepRecord(
                "app.data",
                "app",
                "data",
                0,
                StepRecord.ROLLED_BACK,
                T0.toEpochMilli(),
                T0.toEpochMilli(),
                T0.toEpochMilli(),
                T0.toEpochMilli(),
                0,
                false));
    assertTrue(next(r, Map.of(), T0, "data", false).go());
    assertEquals(Decision.Kind.REFUSED_STATE, next(r, Map.of(), T0, "api", false).kind());
  }

  @Test
  void an_applied_step_cannot_be_applied_twice() {
    Decision d = next(List.of(applied("data", 0, T0, 0)), Map.of(), T0, "data", true);
    assertEquals(Decision.Kind.REFUSED_STATE, d.kind());
    assertTrue(d.refusals().get(0).contains("already applied"));
  }
}
