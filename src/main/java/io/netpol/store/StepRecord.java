package io.netpol.store;

/**
 * One attempt at a rollout step.
 *
 * @param status {@code applying} (started, possibly interrupted), {@code applied} or {@code
 *     rolled-back}
 * @param deniedBaseline denied connections touching the namespace when the step began; the gate
 *     counts what was added since
 */
public record StepRecord(
    String stepId,
    String plan,
    String namespace,
    int stepIndex,
    String status,
    long startedAt,
    Long appliedAt,
    Long soakUntil,
    Long rolledBackAt,
    long deniedBaseline,
    boolean forced) {

  public static final String APPLYING = "applying";
  public static final String APPLIED = "applied";
  public static final String ROLLED_BACK = "rolled-back";

  public boolean isActive() {
    return APPLYING.equals(status) || APPLIED.equals(status);
  }
}
