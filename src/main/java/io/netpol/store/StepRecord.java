package io.netpol.store;

/**
 * One attempt at a rollout step, as stored.
 *
 * @param status {@code applying} (started, possibly interrupted), {@code staged}, {@code promoting}
 *     (possibly interrupted), {@code applied} (enforced) or {@code rolled-back}
 * @param mode {@code enforce} or {@code staged}
 * @param totalBaseline connections touching the namespace when the current phase began; {@code
 *     deniedBaseline} and {@code auditBaseline} the denied and audit ones among them
 * @param clusterBaseline connections of the whole cluster when the current phase began
 */
public record StepRecord(
    String stepId,
    String plan,
    String namespace,
    int stepIndex,
    String status,
    String mode,
    long startedAt,
    Long appliedAt,
    Long promotedAt,
    Long soakUntil,
    Long rolledBackAt,
    long totalBaseline,
    long deniedBaseline,
    long auditBaseline,
    long clusterBaseline,
    boolean forced) {

  public static final String APPLYING = "applying";
  public static final String STAGED = "staged";
  public static final String PROMOTING = "promoting";
  public static final String APPLIED = "applied";
  public static final String ROLLED_BACK = "rolled-back";
}
