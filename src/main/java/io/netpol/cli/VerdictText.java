package io.netpol.cli;

import io.netpol.policy.Mismatch;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import io.netpol.policy.Verdict;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import java.util.List;

/** Text rendering of evaluator verdicts, for explain and for diff's blocked connections. */
final class VerdictText {
  private VerdictText() {}

  static void print(PrintWriter out, Verdict v, String from, String to, List<String> hints) {
    line(
        out,
        String.format(
            "%s -> %s %d/%s: %s",
            from,
            to,
            v.connection().port(),
            v.connection().protocol(),
            v.allowed() ? "ALLOWED" : "DENIED"));
    side(out, "egress at " + from, v.egress(), "  ");
    side(out, "ingress at " + to, v.ingress(), "  ");
    if (!hints.isEmpty()) {
      out.println("hints:");
      hints.forEach(h -> line(out, "  - " + h));
    }
  }

  static void side(PrintWriter out, String title, SideVerdict s, String indent) {
    switch (s.status()) {
      case NOT_APPLICABLE:
        line(out, indent + title + ": not a pod, NetworkPolicy does not apply");
        return;
      case NOT_ISOLATED:
        line(out, indent + title + ": allowed (no policy selects it for this direction)");
        return;
      case ALLOWED_SELF:
        line(out, indent + title + ": allowed (a pod can always reach itself)");
        return;
      case ALLOWED_OWN_NODE:
        line(out, indent + title + ": allowed (traffic with the pod's own node is always allowed)");
        return;
      case ALLOWED_BY_POLICY:
        line(
            out,
            indent
                + title
                + ": allowed by "
                + String.join(", ", s.allowedBy().stream().map(VerdictText::rule).toList()));
        return;
      default:
        line(out, indent + title + ": DENIED");
        line(
            out,
            indent
                + "  isolated by "
                + String.join(", ", s.isolatedBy().stream().map(Object::toString).toList()));
        for (Mismatch m : s.mismatches()) {
          line(
              out,
              indent
                  + "  "
                  + (m.ruleIndex() == Mismatch.NO_RULE
                      ? m.policy() + ": " + m.detail()
                      : m.policy() + " " + m.field() + ": " + m.detail()));
        }
    }
  }

  /** One line, escaped: names in policies and flows cannot forge lines or move the cursor. */
  private static void line(PrintWriter out, String text) {
    out.println(DisplayText.escape(text));
  }

  private static String rule(RuleRef r) {
    return r.policy() + " " + r.field();
  }
}
