package io.netpol.policy;

/**
 * Why a rule of an isolating policy did not allow a connection.
 *
 * @param policy the isolating policy
 * @param ruleIndex the rule's index in {@code spec.ingress}/{@code spec.egress}, or {@link
 *     #NO_RULE} when the reason is {@link MismatchReason#NO_RULES}
 * @param reason the kind of mismatch
 * @param field the path of the peer or port that did not match, e.g. {@code spec.egress[0].to[1]}
 * @param detail the mismatch in a sentence: what the rule expects and what the connection has
 */
public record Mismatch(
    PolicyRef policy, int ruleIndex, MismatchReason reason, String field, String detail) {

  /** The rule index of a {@link MismatchReason#NO_RULES} mismatch. */
  public static final int NO_RULE = -1;

  static Mismatch of(PolicyRef policy, int ruleIndex, Miss miss) {
    return new Mismatch(policy, ruleIndex, miss.reason(), miss.field(), miss.detail());
  }

  @Override
  public String toString() {
    return policy + " " + field + ": " + reason + ": " + detail;
  }
}
