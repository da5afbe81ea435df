package io.netpol.cli;

import io.netpol.store.StepRecord;
import io.netpol.store.Store;
import java.nio.file.Path;
import java.util.List;

/**
 * Rollout steps recorded in a store, as {@code netpol-rollout} records them: what makes a policy
 * carrying a step's annotation the tool's own for {@code diff}, {@code explain} and the rollout.
 */
final class RecordedStep {
  private RecordedStep() {}

  /** Records the steps that wrote the dns-trap fixture's "deployed" policies. */
  static void dnsTrapDeployed(Path db) {
    record(db, "voting-app.voting-data.20261120T100000Z", "voting-data");
    record(db, "voting-app.voting-api.20261120T100000Z", "voting-api");
  }

  /** Records {@code stepId} of plan voting-app in {@code namespace} as applied. */
  static void record(Path db, String stepId, String namespace) {
    try (Store store = Store.open(db)) {
      StepRecord step = step(stepId, namespace, 1L);
      store.rollouts().begin(step, List.of(), "test", "recorded by the test");
      store.rollouts().applied(step, StepRecord.APPLIED, 2L, 3L, "test", "recorded by the test");
    }
  }

  /**
   * Records a later attempt of {@code namespace} that was rolled back, restoring the policies the
   * earlier step wrote: the namespace may be rolled out again, and the earlier step's policies are
   * still the tool's.
   */
  static void rolledBack(Path db, String stepId, String namespace) {
    try (Store store = Store.open(db)) {
      StepRecord step = step(stepId, namespace, 10L);
      store.rollouts().begin(step, List.of(), "test", "recorded by the test");
      store.rollouts().applied(step, StepRecord.APPLIED, 11L, 12L, "test", "recorded by the test");
      store.rollouts().rolledBack(step, 13L, "test", "recorded by the test");
    }
  }

  private static StepRecord step(String stepId, String namespace, long startedAt) {
    return new StepRecord(
        stepId,
        "voting-app",
        namespace,
        0,
        StepRecord.APPLYING,
        "enforce",
        startedAt,
        null,
        null,
        null,
        null,
        0,
        0,
        0,
        0,
        false);
  }
}
