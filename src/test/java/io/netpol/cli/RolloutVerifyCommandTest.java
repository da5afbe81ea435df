package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Options of {@code netpol-rollout verify} that only mean something together. */
class RolloutVerifyCommandTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"once", "watch"})
  void dry_run_without_rollback_on_fail_is_refused_with_one_line(String how) {
    String[] args = {"verify", "--dry-run", "--plan", "rollout-plans/voting-app.yaml"};
    if (how.equals("watch")) {
      args = CommandHarness.concat(args, "--watch");
    }

    CommandHarness.Result r = CommandHarness.rollout(new TestServices(), args).exits(2);

    assertEquals(
        "netpol-rollout: " + RolloutVerifyCommand.DRY_RUN_ALONE, r.err().trim(), r::toString);
    assertEquals("", r.out(), r::toString);
  }
}
