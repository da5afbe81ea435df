package io.netpol.cli;

import io.netpol.flow.ObservedConnection;
import io.netpol.policy.Direction;
import io.netpol.policy.Ownership;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.Replay;
import io.netpol.policy.SideStatus;
import io.netpol.policy.SideVerdict;
import io.netpol.text.EscapingLines;
import io.netpol.text.MarkdownText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One renderer per output format of {@code diff}; all carry the same sections. */
interface DiffRenderer {
  void render(DiffReport report, PrintWriter out) throws Exception;

  static DiffRenderer forFormat(Format format) {
    return switch (format) {
      case JSON -> new Json();
      case MARKDOWN -> new Markdown();
      default -> new Text();
    };
  }

  /** The side that blocks a change's connection, with the policies isolating it. */
  static String blockedBy(Replay.Change c) {
    SideVerdict side = c.after().egress().allowed() ? c.after().ingress() : c.after().egress();
    return where(c, side.direction(), PLAIN)
        + " (isolated by "
        + String.join(", ", side.isolatedBy().stream().map(PolicyRef::toString).toList())
        + ")";
  }

  /** Names as they are: text output escapes whole lines ({@link EscapingLines}). */
  UnaryOperator<String> PLAIN = UnaryOperator.identity();

  /** Names as inline code: in Markdown, a name from a flow or a policy stays inert. */
  UnaryOperator<String> CODE = MarkdownText::code;

  /** "egress at CLIENT" or "ingress at SERVER". */
  static String where(Replay.Change c, Direction direction, UnaryOperator<String> name) {
    return direction == Direction.EGRESS
        ? "egress at " + name.apply(c.connection().client().display())
        : "ingress at " + name.apply(c.connection().server().display());
  }

  /**
   * What decides each changed side afterwards, with where the policies come from: {@code egress at
   * a/b (isolated by x (proposed), y (kept, not owned))}.
   */
  static List<String> decidedBy(Replay.Change c, UnaryOperator<String> name) {
    List<String> out = new ArrayList<>();
    for (Replay.Side side : c.decidedBy()) {
      List<String> names = new ArrayList<>();
      for (Replay.Decider d : side.deciders()) {
        String origin = DiffReport.origin(d.origin());
        names.add(
            name.apply(d.policy().toString())
                + (d.rule() == null ? "" : " " + d.rule())
                + (origin == null ? "" : " (" + origin + ")"));
      }
      String how =
          side.status() == SideStatus.DENIED
              ? "isolated by " + String.join(", ", names)
              : side.status() == SideStatus.ALLOWED_BY_POLICY
                  ? "allowed by " + String.join(", ", names)
                  : "no policy isolates it any more";
      out.add(where(c, side.direction(), name) + " (" + how + ")");
    }
    return out;
  }

  /** A kept policy in words: owner and what it shares with the proposal. */
  static String kept(PolicyDiff.Kept k, UnaryOperator<String> name) {
    StringBuilder s = new StringBuilder(name.apply(k.policy().toString()));
    if (k.owner() == null) {
      s.append(" (no managed-by label)");
    } else if (Ownership.OWNER.equals(k.owner())) {
      s.append(" (")
          .append(
              Ownership.unrecorded(
                  k.step() == null ? null : name.apply(k.step()), "of a recorded rollout"))
          .append(")");
    } else {
      s.append(" (managed by ").append(name.apply(k.owner())).append(")");
    }
    if (k.sameName()) {
      s.append(": CONFLICT: a proposed policy has the same name; netpol-rollout refuses ")
          .append(name.apply(k.policy().namespace()))
          .append(" until one of them is renamed or removed");
    } else if (!k.sharedWorkloads().isEmpty()) {
      s.append(": selects pods the proposal also selects (")
          .append(String.join(", ", k.sharedWorkloads().stream().map(name).toList()))
          .append("); review how both together allow traffic");
    } else if (k.sharesSelector()) {
      s.append(": its podSelector overlaps the proposal's; review how both together allow traffic");
    }
    return s.toString();
  }

  /** The connections the changed edges carry. */
  static long connections(List<Replay.Change> changes) {
    return changes.stream().mapToLong(c -> c.connection().count()).sum();
  }

  static String line(ObservedConnection c, UnaryOperator<String> name) {
    String last = ConnectionJson.time(c.lastSeenMs());
    return name.apply(c.client().display())
        + " -> "
        + name.apply(c.server().display())
        + " "
        + c.port()
        + "/"
        + c.protocol()
        + " ("
        + c.verdict().wireName()
        + ", "
        + c.count()
        + " connections, last seen "
        + (last == null ? "unknown" : last)
        + ")";
  }

  /** Human text. */
  final class Text implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter raw) {
      PrintWriter out = EscapingLines.of(raw);
      PolicyDiff.Result p = r.policies();
      out.printf(
          "policies in %s: %d added, %d removed, %d changed, %d unchanged, %d kept (not owned)%n",
          String.join(", ", r.namespaces()),
          p.added().size(),
          p.removed().size(),
          p.changed().size(),
          p.unchanged().size(),
          p.kept().size());
      p.added().forEach(ref -> out.println("  + " + ref));
      p.removed().forEach(ref -> out.println("  - " + ref));
      for (PolicyDiff.Changed c : p.changed()) {
        out.println("  ~ " + c.policy());
        for (PolicyDiff.FieldChange f : c.fields()) {
          out.println(
              "      "
                  + f.path()
                  + ": "
                  + (f.before() == null ? "(absent)" : f.before())
                  + " -> "
                  + (f.after() == null ? "(absent)" : f.after()));
        }
      }
      p.kept().forEach(k -> out.println("  = " + kept(k, PLAIN)));
      Replay.Impact i = r.impact();
      out.printf(
          "observed edges replayed: %d; newly blocked: %d edges (%d connections); newly allowed: %d"
              + " edges (%d connections)%n",
          i.evaluated(),
          i.newlyBlocked().size(),
          connections(i.newlyBlocked()),
          i.newlyAllowed().size(),
          connections(i.newlyAllowed()));
      for (Replay.Change c : i.newlyBlocked()) {
        out.println("  BLOCKED " + line(c.connection(), PLAIN));
        decidedBy(c, PLAIN).forEach(d -> out.println("          by " + d));
      }
      for (Replay.Change c : i.newlyAllowed()) {
        out.println("  ALLOWED " + line(c.connection(), PLAIN));
        decidedBy(c, PLAIN).forEach(d -> out.println("          by " + d));
      }
      i.notEvaluated()
          .forEach((reason, n) -> out.println("  not evaluated: " + n + " (" + reason + ")"));
    }
  }

  /** The documented JSON shape. */
  final class Json implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter out) throws Exception {
      Map<String, Object> policies = new LinkedHashMap<>();
      policies.put("added", r.policies().added().stream().map(PolicyRef::toString).toList());
      policies.put("removed", r.policies().removed().stream().map(PolicyRef::toString).toList());
      List<Object> changed = new ArrayList<>();
      for (PolicyDiff.Changed c : r.policies().changed()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", c.policy().toString());
        List<Object> fields = new ArrayList<>();
        for (PolicyDiff.FieldChange f : c.fields()) {
          Map<String, Object> fm = new LinkedHashMap<>();
          fm.put("path", f.path());
          fm.put("before", f.before());
          fm.put("after", f.after());
          fields.add(fm);
        }
        m.put("fields", fields);
        changed.add(m);
      }
      policies.put("changed", changed);
      policies.put(
          "unchanged", r.policies().unchanged().stream().map(PolicyRef::toString).toList());
      List<Object> kept = new ArrayList<>();
      for (PolicyDiff.Kept k : r.policies().kept()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", k.policy().toString());
        m.put("owner", k.owner());
        m.put("step", k.step());
        m.put("conflict", k.conflict());
        m.put("sameName", k.sameName());
        m.put("sharedWorkloads", k.sharedWorkloads());
        m.put("sharesSelector", k.sharesSelector());
        kept.add(m);
      }
      policies.put("kept", kept);
      Map<String, Object> connections = new LinkedHashMap<>();
      connections.put("newlyBlocked", changes(r.impact().newlyBlocked(), true));
      connections.put("newlyAllowed", changes(r.impact().newlyAllowed(), false));
      connections.put("replayed", r.impact().evaluated());
      connections.put("newlyBlockedConnections", connections(r.impact().newlyBlocked()));
      connections.put("newlyAllowedConnections", connections(r.impact().newlyAllowed()));
      connections.put("notEvaluated", r.impact().notEvaluated());
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("namespaces", r.namespaces());
      root.put("policies", policies);
      root.put("connections", connections);
      out.println(
          new com.fasterxml.jackson.databind.ObjectMapper()
              .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(root));
    }

    private static List<Object> changes(List<Replay.Change> list, boolean blocked) {
      List<Object> out = new ArrayList<>();
      for (Replay.Change c : list) {
        Map<String, Object> m = ConnectionJson.connection(c.connection());
        if (blocked) {
          m.put("blockedBy", blockedBy(c));
        }
        List<Object> sides = new ArrayList<>();
        for (Replay.Side side : c.decidedBy()) {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("side", side.direction().field());
          s.put("status", side.status().name());
          List<Object> deciders = new ArrayList<>();
          for (Replay.Decider d : side.deciders()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("policy", d.policy().toString());
            if (d.rule() != null) {
              dm.put("rule", d.rule());
            }
            dm.put("origin", DiffReport.originJson(d.origin()));
            deciders.add(dm);
          }
          s.put("policies", deciders);
          sides.add(s);
        }
        m.put("decidedBy", sides);
        out.add(m);
      }
      return out;
    }
  }

  /** For pull-request comments. */
  final class Markdown implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter raw) {
      PrintWriter out = EscapingLines.of(raw);
      PolicyDiff.Result p = r.policies();
      Replay.Impact i = r.impact();
      out.println("### NetworkPolicy diff: " + String.join(", ", r.namespaces()));
      out.println();
      out.printf(
          "| added | removed | changed | unchanged | kept (not owned) | newly blocked | newly allowed |%n"
              + "|---|---|---|---|---|---|---|%n");
      out.printf(
          "| %d | %d | %d | %d | %d | %d | %d |%n%n",
          p.added().size(),
          p.removed().size(),
          p.changed().size(),
          p.unchanged().size(),
          p.kept().size(),
          i.newlyBlocked().size(),
          i.newlyAllowed().size());
      p.added().forEach(ref -> out.println("- added " + MarkdownText.code(ref.toString())));
      p.removed().forEach(ref -> out.println("- removed " + MarkdownText.code(ref.toString())));
      for (PolicyDiff.Changed c : p.changed()) {
        out.println(
            "- changed "
                + MarkdownText.code(c.policy().toString())
                + ": "
                + String.join(
                    ", ", c.fields().stream().map(f -> MarkdownText.code(f.path())).toList()));
      }
      p.kept().forEach(k -> out.println("- kept, not owned: " + kept(k, CODE)));
      if (!i.newlyBlocked().isEmpty()) {
        out.println();
        out.println("**Observed traffic this change would block:**");
        out.println();
        for (Replay.Change c : i.newlyBlocked()) {
          out.println(
              "- " + line(c.connection(), CODE) + " — by " + String.join("; ", decidedBy(c, CODE)));
        }
      }
      if (!i.newlyAllowed().isEmpty()) {
        out.println();
        out.println("**Traffic this change would newly allow:**");
        out.println();
        for (Replay.Change c : i.newlyAllowed()) {
          out.println(
              "- " + line(c.connection(), CODE) + " — by " + String.join("; ", decidedBy(c, CODE)));
        }
      }
    }
  }
}
