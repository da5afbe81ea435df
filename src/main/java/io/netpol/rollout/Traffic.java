package io.netpol.rollout;

/**
 * Connections touching one namespace (either side in it), by verdict, as counted by the store.
 * Counts only grow, so a step keeps the counts it began with and measures what was added since.
 *
 * @param total every connection, whatever its verdict
 * @param denied connections dropped by a policy
 * @param audit connections forwarded that a staged or audit-mode policy would have dropped
 */
public record Traffic(long total, long denied, long audit) {
  public static final Traffic NONE = new Traffic(0, 0, 0);

  /** What was added since {@code baseline}; never negative (a store rebuilt from scratch). */
  public Traffic since(Traffic baseline) {
    return new Traffic(
        Math.max(0, total - baseline.total()),
        Math.max(0, denied - baseline.denied()),
        Math.max(0, audit - baseline.audit()));
  }
}
