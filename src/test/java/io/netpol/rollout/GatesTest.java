package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rate arithmetic of the gates, at its edges. */
class GatesTest {
  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

  private static GateCheck rate(String rate, long min, long total, long denied) {
    RolloutPlan.Step step =
        new RolloutPlan.Step(
            0,
            "ns",
            Duration.ofHours(1),
            StepMode.ENFORCE,
            new GateLimits(null, GateLimits.parseRate(rate), min, null));
    StepAttempt a =
        RolloutDeciderTest.attempt("ns", 0, StepAttempt.State.ENFORCED, T0, Traffic.NONE);
    GateReport r =
        Gates.evaluate(
            step, a, new ClusterTraffic(Map.of("ns", new Traffic(total, denied, 0)), total));
    return r.checks().stream()
        .filter(c -> c.gate() == GateCheck.Gate.DENIED_RATE)
        .findFirst()
        .orElseThrow();
  }

  static Stream<Arguments> rates() {
    return Stream.of(
        // exactly at the limit passes; one more connection denied fails
        Arguments.of("0.1%", 0, 1000, 1, GateCheck.Outcome.PASS),
        Arguments.of("0.1%", 0, 1000, 2, GateCheck.Outcome.FAIL),
        Arguments.of("0.1%", 0, 999, 1, GateCheck.Outcome.FAIL),
        Arguments.of("2%", 0, 50, 1, GateCheck.Outcome.PASS),
        Arguments.of("0%", 0, 10, 0, GateCheck.Outcome.PASS),
        Arguments.of("0%", 0, 10, 1, GateCheck.Outcome.FAIL),
        Arguments.of("100%", 0, 10, 10, GateCheck.Outcome.PASS),
        // minConnections: one below decides nothing, at it the rate decides
        Arguments.of("0.1%", 1000, 999, 500, GateCheck.Outcome.NOT_ENOUGH_TRAFFIC),
        Arguments.of("0.1%", 1000, 1000, 1, GateCheck.Outcome.PASS),
        Arguments.of("0.1%", 1000, 1000, 2, GateCheck.Outcome.FAIL),
        // no traffic is never a pass, whatever minConnections says
        Arguments.of("0.1%", 0, 0, 0, GateCheck.Outcome.NOT_ENOUGH_TRAFFIC),
        Arguments.of("50%", 0, 0, 0, GateCheck.Outcome.NOT_ENOUGH_TRAFFIC));
  }

  @ParameterizedTest(name = "{2} connections, {3} denied, limit {0} from {1}: {4}")
  @MethodSource("rates")
  void the_rate_gate_compares_exactly_and_waits_below_min_connections(
      String rate, long min, long total, long denied, GateCheck.Outcome expected) {
    assertEquals(expected, rate(rate, min, total, denied).outcome());
  }

  @Test
  void a_rate_shows_what_it_measured_and_its_limit() {
    GateCheck c = rate("0.1%", 1000, 1200, 3);
    assertEquals("3 of 1,200 (0.25%)", c.measured());
    assertEquals("<= 0.1% from 1,000 connections", c.limit());
    assertEquals(0.0025, c.value(), 1e-12);
  }

  @ParameterizedTest
  @CsvSource({"0.1%,0.001", "2%,0.02", "100%,1", "0.015%,0.00015", "0%,0"})
  void percentages_parse_to_exact_fractions(String text, String fraction) {
    assertEquals(0, new BigDecimal(fraction).compareTo(GateLimits.parseRate(text)));
  }

  @ParameterizedTest
  @CsvSource({"0.1", "101%", "-1%", "abc", "1e-3%", "0.1 %"})
  void anything_but_a_percentage_up_to_100_is_refused(String text) {
    assertNull(GateLimits.parseRate(text));
  }

  @Test
  void in_a_staged_phase_would_be_denies_count_towards_the_rate() {
    RolloutPlan.Step step =
        new RolloutPlan.Step(
            0,
            "ns",
            Duration.ofHours(1),
            StepMode.STAGED,
            new GateLimits(null, GateLimits.parseRate("1%"), 0, 100L));
    StepAttempt a = RolloutDeciderTest.attempt("ns", 0, StepAttempt.State.STAGED, T0, Traffic.NONE);
    GateReport r =
        Gates.evaluate(step, a, new ClusterTraffic(Map.of("ns", new Traffic(100, 1, 1)), 100));
    GateCheck rate =
        r.checks().stream().filter(c -> c.gate() == GateCheck.Gate.DENIED_RATE).findFirst().get();
    assertEquals(GateCheck.Outcome.FAIL, rate.outcome(), "2 of 100 (1 denied, 1 audit) > 1%");
    assertEquals(GateCheck.Outcome.FAIL, r.outcome());
  }

  @Test
  void
      an_enforced_step_gates_on_audit_verdicts_only_when_the_plan_asks_the_cilium_audit_mode_route() {
    StepAttempt a =
        RolloutDeciderTest.attempt("ns", 0, StepAttempt.State.ENFORCED, T0, Traffic.NONE);
    ClusterTraffic audited = new ClusterTraffic(Map.of("ns", new Traffic(100, 0, 3)), 100);
    RolloutPlan.Step plain =
        new RolloutPlan.Step(0, "ns", Duration.ofHours(1), StepMode.ENFORCE, GateLimits.STRICT);
    assertEquals(GateCheck.Outcome.PASS, Gates.evaluate(plain, a, audited).outcome());
    RolloutPlan.Step auditMode =
        new RolloutPlan.Step(
            0, "ns", Duration.ofHours(1), StepMode.ENFORCE, new GateLimits(0L, null, 0, 0L));
    GateReport r = Gates.evaluate(auditMode, a, audited);
    assertEquals(GateCheck.Outcome.FAIL, r.outcome());
    assertEquals("audit_denied 3 (limit <= 0)", r.describe(GateCheck.Outcome.FAIL));
  }
}
