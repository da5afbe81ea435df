package io.netpol.policy;

/** A policy direction, as in {@code spec.policyTypes}. */
public enum Direction {
  INGRESS("Ingress", "ingress"),
  EGRESS("Egress", "egress");

  private final String policyType;
  private final String field;

  Direction(String policyType, String field) {
    this.policyType = policyType;
    this.field = field;
  }

  /** The value used in {@code spec.policyTypes}: {@code Ingress} or {@code Egress}. */
  public String policyType() {
    return policyType;
  }

  /** The spec field holding this direction's rules: {@code ingress} or {@code egress}. */
  public String field() {
    return field;
  }
}
