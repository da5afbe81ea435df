package io.netpol.rollout;

/**
 * Where one step of a plan stands now.
 *
 * @param latest the latest attempt, or null when never started
 * @param gates the current phase's gates, measured (null unless the step is applied)
 */
public record StepStatus(RolloutPlan.Step step, StepAttempt latest, Phase phase, GateReport gates) {

  /** The phases a step goes through. */
  public enum Phase {
    PENDING,
    /** Started (or being promoted) but not finished: a crash or an API failure; roll it back. */
    INTERRUPTED,
    /** Applied, within its soak time, no gate failed so far. */
    SOAKING,
    /** Soaked, every gate passes, and connections were observed. */
    HEALTHY,
    /** Soaked, but the rate gate has not seen minConnections yet. */
    NOT_ENOUGH_TRAFFIC,
    /** Soaked without a single connection observed since it began: observe may be down. */
    NO_EVIDENCE,
    /** A gate fails. */
    FAILING,
    ROLLED_BACK
  }

  /** The step's policies are in place (staged or enforced) and its gates are measured. */
  public boolean isApplied() {
    return gates != null;
  }

  /** Applied as staged policies, not promoted yet. */
  public boolean isStaged() {
    return latest != null && latest.state() == StepAttempt.State.STAGED;
  }

  /** Soaked and every gate passed: what the next step (or promote) needs. */
  public boolean isHealthy() {
    return phase == Phase.HEALTHY;
  }
}
