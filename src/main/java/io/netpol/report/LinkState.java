package io.netpol.report;

/** How a connection in the graph fared: what the network said, and what the policies say. */
public enum LinkState {
  /** Observed allowed, and the policies given (if any) allow it. */
  ALLOWED,
  /** Observed allowed, but the policies given would deny it. */
  BLOCKED_BY_POLICY,
  /** Forwarded, but a staged or audit-mode policy would have dropped it. */
  AUDIT,
  /** Observed denied by the network. */
  DENIED;

  /** The CSS class and legend key. */
  public String cssClass() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
