package io.netpol.cli;

import io.netpol.policy.Evaluation;
import io.netpol.policy.Mismatch;
import io.netpol.policy.NearMisses;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import io.netpol.text.EscapingLines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Text rendering of evaluator verdicts for explain. A denied side lists the rules that came closest
 * first and counts the rest, unless every rule is asked for.
 */
final class VerdictText {
  /** Rules of a denied side shown before the rest are counted (policies without rules aside). */
  static final int CLOSEST_SHOWN = 5;

  /**
   * How much to show.
   *
   * @param allRules every rule of a denied side, not only the closest
   * @param origin a note after a policy's name (e.g. {@code proposed}), or {@code null} for none
   */
  record Shown(boolean allRules, Function<PolicyRef, String> origin) {
    static Shown closest() {
      return new Shown(false, ref -> null);
    }

    String name(PolicyRef ref) {
      String note = origin.apply(ref);
      return note == null ? ref.toString() : ref + " (" + note + ")";
    }
  }

  private VerdictText() {}

  static void print(
      PrintWriter raw, Evaluation v, String from, String to, List<String> hints, Shown shown) {
    PrintWriter out = EscapingLines.of(raw);
    out.printf(
        "%s -> %s %d/%s: %s%n",
        from,
        to,
        v.connection().port(),
        v.connection().protocol(),
        v.allowed() ? "ALLOWED" : "DENIED");
    side(out, "egress at " + from, v.egress(), "  ", shown);
    side(out, "ingress at " + to, v.ingress(), "  ", shown);
    if (!hints.isEmpty()) {
      out.println("hints:");
      hints.forEach(h -> out.println("  - " + h));
    }
  }

  static void side(PrintWriter out, String title, SideVerdict s, String indent, Shown shown) {
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
                + String.join(", ", s.allowedBy().stream().map(r -> rule(r, shown)).toList()));
        return;
      default:
        denied(out, title, s, indent, shown);
    }
  }

  private static void denied(
      PrintWriter out, String title, SideVerdict s, String indent, Shown shown) {
    out.println(indent + title + ": DENIED");
    out.println(
        indent
            + "  isolated by "
            + String.join(", ", s.isolatedBy().stream().map(shown::name).toList()));
    int rules = 0;
    Map<NearMisses.Distance, Integer> hidden = new EnumMap<>(NearMisses.Distance.class);
    for (NearMisses.Rule r : NearMisses.rank(s)) {
      boolean isRule = r.distance() != NearMisses.Distance.NO_RULES;
      if (isRule && !shown.allRules() && rules >= CLOSEST_SHOWN) {
        hidden.merge(r.distance(), 1, Integer::sum);
        continue;
      }
      rules += isRule ? 1 : 0;
      for (Mismatch m : r.mismatches()) {
        out.println(
            indent
                + "  "
                + (m.ruleIndex() == Mismatch.NO_RULE
                    ? m.policy() + ": " + m.detail()
                    : m.policy() + " " + m.field() + ": " + m.detail()));
      }
    }
    if (!hidden.isEmpty()) {
      out.println(indent + "  " + summary(hidden));
    }
  }

  /** "and 6 more rules that select other pods, 180 that select other namespaces (-v ...)". */
  static String summary(Map<NearMisses.Distance, Integer> hidden) {
    List<String> parts = new ArrayList<>();
    hidden.forEach(
        (distance, n) -> {
          boolean one = n == 1;
          String what =
              switch (distance) {
                case PORT -> (one ? "matches" : "match") + " the peer but not the port";
                case OTHER_PODS -> (one ? "selects" : "select") + " other pods";
                case OTHER_NAMESPACES -> (one ? "selects" : "select") + " other namespaces";
                default -> (one ? "selects" : "select") + " other addresses";
              };
          String count = parts.isEmpty() ? n + (one ? " more rule" : " more rules") : "" + n;
          parts.add(count + " that " + what);
        });
    return "and " + String.join(", ", parts) + " (-v lists every rule)";
  }

  private static String rule(RuleRef r, Shown shown) {
    return shown.name(r.policy()) + " " + r.field();
  }
}
