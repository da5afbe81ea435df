package io.netpol.audit;

import java.time.Instant;

/**
 * One line of the rollout history: who did what to which namespace, when.
 *
 * @param namespace the namespace, or {@code null} for plan-wide entries (a broken lock)
 */
public record PolicyChange(
    Instant at, String actor, String plan, String namespace, String action, String detail) {

  /** The detail netpol-rollout writes when a step was forced past its refusals. */
  static final String FORCED_PREFIX = "forced past:";

  public boolean forced() {
    return detail != null && detail.startsWith(FORCED_PREFIX);
  }
}
