package io.netpol.cli;

import io.netpol.policy.Mismatch;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import io.netpol.policy.Verdict;
import java.io.PrintWriter;
import java.util.List;

/** Text rendering of evaluator verdicts, for explain and for diff's blocked connections. */
final class VerdictText {
  private VerdictText() {}

  static void print(PrintWriter out, Verdict v, String from, String to, List<String> hints) {
    out.printf(
        "%s -> %s %d/%s: %s%n",
        from,
        to,
        v.connection().port(),
        v.connection().protocol(),
        v.allowed() ? "ALLOWED" : "DENIED");
    side(out, "egress at " + from, v.egress(), "  ");
    side(out, "ingress at " + to, v.ingress(), "  ");
    if (!hints.isEmpty()) {
      out.println("hints:");
      hints.forEach(h -> out.println("  - " + h));
    }
  }

  static void side(PrintWriter out, String title, SideVerdict s, String indent) {
    switch (s.status()) {
      case NOT_APPLICABLE:
        out.println(indent + title + ": not a pod, NetworkPolicy does not apply");
        return;
      case NOT_ISOLATED:
        out.println(indent + title + ": allowed (no policy selects it for this direction)");
        return;
      case ALLOWED_SELF:
        out.println(indent + title + ": allowed (a pod can always reach itself)");
        return;
      case ALLOWED_OWN_NODE:
        out.println(
            indent + title + ": allowed (traffic with the pod's own node is always allowed)");
        return;
      case ALLOWED_BY_POLICY:
        out.println(
            indent
                + title
                + ": allowed by "
                + String.join(", ", s.allowedBy().stream().map(VerdictText::rule).toList()));
        return;
      default:
        out.println(indent + title + ": DENIED");
        out.println(
            indent
                + "  isolated by "
                + String.join(", ", s.isolatedBy().stream().map(Object::toString).toList()));
        for (Mismatch m : s.mismatches()) {
          out.println(
              indent
                  + "  "
                  + (m.ruleIndex() == Mismatch.NO_RULE
                      ? m.policy() + ": " + m.detail()
                      : m.policy() + " " + m.field() + ": " + m.detail()));
        }
    }
  }

  private static String rule(RuleRef r) {
    return r.policy() + " " + r.field();
  }
}
