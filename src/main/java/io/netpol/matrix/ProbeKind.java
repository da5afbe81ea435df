package io.netpol.matrix;

/** Why a probe is in the matrix. */
public enum ProbeKind {
  /** An observed allowed connection: it must keep working. */
  OBSERVED("observed"),
  /** An observed denied attempt. */
  DENIED_ATTEMPT("denied attempt"),
  /** Two workloads of different namespaces or tiers that never talked. */
  NEVER_SEEN("never seen"),
  /** A pod reaching an internet address. */
  WORLD("world");

  private final String label;

  ProbeKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The name used in JSON and as the JUnit class name. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
