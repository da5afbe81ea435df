package io.netpol.rollout;

/**
 * One attempt at a step, as the rollout sees it (the store keeps its own row type and maps to
 * this).
 *
 * @param appliedAt when the step's first phase was in place (null while applying)
 * @param promotedAt when a staged step's policies were replaced by enforcing ones (null if not)
 * @param soakUntil when the current phase's soak ends
 * @param baseline connections touching the namespace when the current phase began
 * @param clusterBaseline connections of the whole cluster when the current phase began
 */
public record StepAttempt(
    String stepId,
    String namespace,
    int stepIndex,
    State state,
    StepMode mode,
    long startedAt,
    Long appliedAt,
    Long promotedAt,
    Long soakUntil,
    Long rolledBackAt,
    Traffic baseline,
    long clusterBaseline,
    boolean forced) {

  /** Where the attempt stands. */
  public enum State {
    /** Being applied; still here after a crash or an API failure: roll it back. */
    APPLYING,
    /** Staged policies in place: Calico reports what they would deny. */
    STAGED,
    /** Being promoted from staged to enforced; still here after an interruption. */
    PROMOTING,
    /** Enforcing NetworkPolicies in place. */
    ENFORCED,
    ROLLED_BACK
  }

  /** Applied or interrupted: its objects may be in the cluster and rollback restores them. */
  public boolean isActive() {
    return state != State.ROLLED_BACK;
  }

  public boolean isInterrupted() {
    return state == State.APPLYING || state == State.PROMOTING;
  }

  /** When the current phase began: the promote for an enforced staged step, else the apply. */
  public Long phaseStartedAt() {
    return promotedAt != null ? promotedAt : appliedAt;
  }
}
