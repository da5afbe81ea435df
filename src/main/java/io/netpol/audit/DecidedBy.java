package io.netpol.audit;

import io.netpol.policy.Evaluation;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import java.util.List;

/** One line saying which rules decided a verdict, for tables: report, matrix. */
public final class DecidedBy {
  private DecidedBy() {}

  /**
   * For an allowed connection, the rule (or reason) allowing it on each side; for a denied one, the
   * side that denies it and the policies isolating that side.
   */
  public static String of(Evaluation v) {
    if (!v.allowed()) {
      SideVerdict denying = v.egress().allowed() ? v.ingress() : v.egress();
      String where = denying == v.egress() ? "egress" : "ingress";
      return where
          + " denied: isolated by "
          + String.join(", ", denying.isolatedBy().stream().map(PolicyRef::toString).toList())
          + ", no rule matches";
    }
    return "egress " + side(v.egress()) + "; ingress " + side(v.ingress());
  }

  private static String side(SideVerdict s) {
    return switch (s.status()) {
      case NOT_APPLICABLE -> "n/a (not a pod)";
      case NOT_ISOLATED -> "not isolated";
      case ALLOWED_SELF -> "allowed (same pod)";
      case ALLOWED_OWN_NODE -> "allowed (own node)";
      case ALLOWED_BY_POLICY -> rules(s.allowedBy());
      case DENIED -> "denied";
    };
  }

  private static String rules(List<RuleRef> rules) {
    return String.join(", ", rules.stream().map(RuleRef::toString).toList());
  }
}
