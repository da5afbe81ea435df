package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanReaderTest {
  @TempDir Path dir;

  private static final String HEAD =
      "apiVersion: netpol-recommend.io/v1\nkind: RolloutPlan\nmetadata:\n  name: app\nspec:\n";

  @Test
  void the_shipped_voting_plan_rolls_out_the_data_layer_first_with_a_day_of_soak_each() {
    RolloutPlan plan = PlanReader.read(Path.of("rollout-plans/voting-app.yaml"));
    assertEquals("voting-app", plan.name());
    assertEquals(
        List.of("voting-data", "voting-consumer", "voting-api", "voting-frontend"),
        plan.steps().stream().map(RolloutPlan.Step::namespace).toList());
    plan.steps().forEach(s -> assertEquals(Duration.ofHours(24), s.soak()));
    plan.steps().forEach(s -> assertEquals(0L, s.limits().maxDeniedConnections()));
    assertTrue(plan.policies().endsWith("netpol-policies"));
  }

  @Test
  void steps_override_the_defaults() throws IOException {
    Path p = dir.resolve("p.yaml");
    Files.writeString(
        p,
        HEAD
            + "  defaults:\n    soak: 1h\n    maxDeniedConnections: 3\n  steps:\n"
            + "    - namespace: a\n    - namespace: b\n      soak: 2d\n      maxDeniedConnections: 0\n");
    RolloutPlan plan = PlanReader.read(p);
    assertEquals(Duration.ofHours(1), plan.steps().get(0).soak());
    assertEquals(3L, plan.steps().get(0).limits().maxDeniedConnections());
    assertEquals(Duration.ofDays(2), plan.steps().get(1).soak());
    assertEquals(0L, plan.steps().get(1).limits().maxDeniedConnections());
  }

  @Test
  void a_step_may_be_staged_and_gate_on_rates_with_a_minimum_of_traffic() throws IOException {
    Path p = dir.resolve("p.yaml");
    Files.writeString(
        p,
        HEAD
            + "  defaults:\n    maxDeniedRate: 0.1%\n    minConnections: 1000\n  steps:\n"
            + "    - namespace: a\n      mode: staged\n      maxAuditDenied: 2\n"
            + "    - namespace: b\n      maxDeniedConnections: 5\n");
    RolloutPlan plan = PlanReader.read(p);
    RolloutPlan.Step a = plan.steps().get(0);
    assertEquals(StepMode.STAGED, a.mode());
    assertEquals(0, new java.math.BigDecimal("0.001").compareTo(a.limits().maxDeniedRate()));
    assertEquals(1000, a.limits().minConnections());
    assertEquals(2L, a.limits().maxAuditDenied());
    assertEquals(
        null, a.limits().maxDeniedConnections(), "a plan that gates on the rate only has no count");
    RolloutPlan.Step b = plan.steps().get(1);
    assertEquals(StepMode.ENFORCE, b.mode());
    assertEquals(5L, b.limits().maxDeniedConnections());
    assertEquals(0, new java.math.BigDecimal("0.001").compareTo(b.limits().maxDeniedRate()));
  }

  static Stream<Arguments> invalidPlans() {
    return Stream.of(
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n    - namespace: a\n",
            "spec.steps[1]: namespace a appears twice"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n      soak: tomorrow\n",
            "spec.steps[0].soak \"tomorrow\" is not a duration"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: Bad_NS\n",
            "spec.steps[0].namespace \"Bad_NS\" is not a valid namespace name"),
        Arguments.of(HEAD + "  steps: []\n", "spec.steps must list at least one namespace"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n      soakk: 1h\n",
            "spec.steps[0].soakk is not a step field"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n      maxDeniedConnections: -1\n",
            "must be a whole number"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n      mode: audit\n",
            "spec.steps[0].mode \"audit\" must be staged or enforce"),
        Arguments.of(
            HEAD + "  steps:\n    - namespace: a\n      maxDeniedRate: 0.001\n",
            "spec.steps[0].maxDeniedRate \"0.001\" is not a percentage; write e.g. 0.1%"),
        Arguments.of(
            HEAD + "  defaults:\n    maxDeniedRate: 120%\n  steps:\n    - namespace: a\n",
            "spec.defaults.maxDeniedRate \"120%\" is not a percentage"),
        Arguments.of(
            HEAD + "  defaults:\n    namespace: a\n  steps:\n    - namespace: a\n",
            "spec.defaults.namespace is not a default field"),
        Arguments.of("kind: Deployment\n", "kind must be RolloutPlan"),
        Arguments.of("kind: RolloutPlan\nmetadata: [\n", "not valid YAML"));
  }

  @ParameterizedTest
  @MethodSource("invalidPlans")
  void invalid_plans_are_refused_with_the_file_and_the_field(String yaml, String expected)
      throws IOException {
    Path p = dir.resolve("plan.yaml");
    Files.writeString(p, yaml);
    PlanException e = assertThrows(PlanException.class, () -> PlanReader.read(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void a_missing_plan_file_is_named_once_with_what_to_do() {
    Path p = dir.resolve("nope.yaml");
    PlanException e = assertThrows(PlanException.class, () -> PlanReader.read(p));
    assertEquals(p + ": no such plan file; check --plan", e.getMessage());
  }
}
