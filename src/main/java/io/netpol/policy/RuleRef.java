package io.netpol.policy;

/** One rule of one policy, e.g. {@code voting-data/allow-db spec.ingress[0]}. */
public record RuleRef(PolicyRef policy, Direction direction, int ruleIndex) {
  /** The rule's path inside its policy, e.g. {@code spec.ingress[0]}. */
  public String field() {
    return "spec." + direction.field() + "[" + ruleIndex + "]";
  }

  @Override
  public String toString() {
    return policy + " " + field();
  }
}
