package io.netpol.rollout;

import io.netpol.store.StepRecord;

/**
 * Where one step of a plan stands now.
 *
 * @param latest the latest attempt, or null when never started
 * @param deniedSince denied connections touching the namespace since the step began (0 if not
 *     begun)
 */
public record StepStatus(RolloutPlan.Step step, StepRecord latest, Phase phase, long deniedSince) {

  /** The phases a step goes through. */
  public enum Phase {
    PENDING,
    /** Started but not finished: a crash or an API failure interrupted it; roll it back. */
    INTERRUPTED,
    SOAKING,
    HEALTHY,
    /** Applied, and its gate fails: too many denied connections since it began. */
    FAILING,
    ROLLED_BACK
  }

  public boolean isApplied() {
    return phase == Phase.SOAKING || phase == Phase.HEALTHY || phase == Phase.FAILING;
  }
}
