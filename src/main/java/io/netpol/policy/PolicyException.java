package io.netpol.policy;

/**
 * A NetworkPolicy that cannot be evaluated because it is invalid. The message names the policy, the
 * field path and the problem, e.g. {@code voting-data/allow-db:
 * spec.ingress[0].from[1].ipBlock.cidr "10.0.0.0/33" is not a valid CIDR}.
 */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String policy;
  private final String field;
  private final String problem;

  /**
   * @param policy {@code namespace/name} of the offending policy
   * @param field the field path inside the policy, e.g. {@code spec.ingress[0].ports[1].endPort}
   * @param problem what is wrong with that field
   */
  public PolicyException(String policy, String field, String problem) {
    super(policy + ": " + field + " " + problem);
    this.policy = policy;
    this.field = field;
    this.problem = problem;
  }

  public String policy() {
    return policy;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
