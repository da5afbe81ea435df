package io.netpol.cli;

import io.netpol.flow.ObservedConnection;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.Replay;
import io.netpol.policy.SideVerdict;
import io.netpol.text.DisplayText;
import io.netpol.text.MarkdownText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One renderer per output format of {@code diff}. */
interface DiffRenderer {
  void render(DiffReport report, PrintWriter out) throws Exception;

  static DiffRenderer forFormat(Format format) {
    switch (format) {
      case JSON:
        return new Json();
      case MARKDOWN:
        return new Markdown();
      case TEXT:
      default:
        return new Text();
    }
  }

  /** The side whose verdict blocks a change's connection. */
  static SideVerdict blockingSide(Replay.Change c) {
    return c.after().egress().allowed() ? c.after().ingress() : c.after().egress();
  }

  /** The side that blocks a change's connection, with the policies isolating it. */
  static String blockedBy(Replay.Change c) {
    return blockedBy(c, UnaryOperator.identity());
  }

  /** {@link #blockedBy(Replay.Change)} with names shown through {@code name}. */
  static String blockedBy(Replay.Change c, UnaryOperator<String> name) {
    SideVerdict side = blockingSide(c);
    String where =
        side == c.after().egress()
            ? "egress at " + name.apply(c.connection().client().display())
            : "ingress at " + name.apply(c.connection().server().display());
    return where
        + " (isolated by "
        + String.join(", ", side.isolatedBy().stream().map(p -> name.apply(p.toString())).toList())
        + ")";
  }

  /** "N edges (M connections)": edges are distinct client/server/port/protocol/verdict. */
  static String edges(List<Replay.Change> changes) {
    long connections = changes.stream().mapToLong(c -> c.connection().count()).sum();
    return String.format(
        "%,d edge%s (%,d connection%s)",
        changes.size(), changes.size() == 1 ? "" : "s", connections, connections == 1 ? "" : "s");
  }

  static String line(ObservedConnection c) {
    return line(c, UnaryOperator.identity());
  }

  /** A connection in one line, its endpoints shown through {@code name}. */
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

  /** Human text; every line is escaped, so no name or value from the inputs can forge one. */
  final class Text implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter w) {
      Lines out = new Lines(w);
      PolicyDiff.Result p = r.policies();
      out.line(
          String.format(
              "policies in %s: %d added, %d removed, %d changed, %d unchanged",
              String.join(", ", r.namespaces()),
              p.added().size(),
              p.removed().size(),
              p.changed().size(),
              p.unchanged()));
      p.added().forEach(ref -> out.line("  + " + ref));
      p.removed().forEach(ref -> out.line("  - " + ref));
      for (PolicyDiff.Changed c : p.changed()) {
        out.line("  ~ " + c.policy());
        for (PolicyDiff.FieldChange f : c.fields()) {
          out.line(
              "      "
                  + f.path()
                  + ": "
                  + (f.before() == null ? "(absent)" : f.before())
                  + " -> "
                  + (f.after() == null ? "(absent)" : f.after()));
        }
      }
      Replay.Impact i = r.impact();
      out.line(
          String.format(
              "observed edges replayed: %,d; newly blocked: %s; newly allowed: %s",
              i.evaluated(), edges(i.newlyBlocked()), edges(i.newlyAllowed())));
      for (Replay.Change c : i.newlyBlocked()) {
        out.line("  BLOCKED " + line(c.connection()));
        out.line("          by " + blockedBy(c));
      }
      for (Replay.Change c : i.newlyAllowed()) {
        out.line("  ALLOWED " + line(c.connection()));
      }
      i.notEvaluated()
          .forEach((reason, n) -> out.line("  not evaluated: " + n + " (" + reason + ")"));
    }
  }

  /** Lines of text, each escaped as it is printed. */
  record Lines(PrintWriter out) {
    void line(String text) {
      out.println(DisplayText.escape(text));
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
      Map<String, Object> connections = new LinkedHashMap<>();
      connections.put("newlyBlocked", changes(r.impact().newlyBlocked(), true));
      connections.put("newlyAllowed", changes(r.impact().newlyAllowed(), false));
      Map<String, Object> root = new LinkedHashMap<>();
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
        out.add(m);
      }
      return out;
    }
  }

  /**
   * For pull-request comments: every name and address is inline code ({@link MarkdownText}), so a
   * flow or a policy cannot add links, images, mentions or emphasis to the comment.
   */
  final class Markdown implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter out) {
      PolicyDiff.Result p = r.policies();
      Replay.Impact i = r.impact();
      out.println(
          "### NetworkPolicy diff: "
              + String.join(", ", r.namespaces().stream().map(MarkdownText::code).toList()));
      out.println();
      out.printf(
          "| added | removed | changed | unchanged | newly blocked edges | newly allowed edges |%n|---|---|---|---|---|---|%n");
      out.printf(
          "| %d | %d | %d | %d | %d | %d |%n%n",
          p.added().size(),
          p.removed().size(),
          p.changed().size(),
          p.unchanged(),
          i.newlyBlocked().size(),
          i.newlyAllowed().size());
      p.added().forEach(ref -> out.println("- added " + code(ref)));
      p.removed().forEach(ref -> out.println("- removed " + code(ref)));
      for (PolicyDiff.Changed c : p.changed()) {
        out.println(
            "- changed "
                + code(c.policy())
                + ": "
                + String.join(
                    ", ", c.fields().stream().map(f -> MarkdownText.code(f.path())).toList()));
      }
      if (!i.newlyBlocked().isEmpty()) {
        out.println();
        out.println("**Observed traffic this change would block:**");
        out.println();
        for (Replay.Change c : i.newlyBlocked()) {
          out.println(
              "- "
                  + line(c.connection(), MarkdownText::code)
                  + " — by "
                  + blockedBy(c, MarkdownText::code));
        }
      }
      if (!i.newlyAllowed().isEmpty()) {
        out.println();
        out.println("**Traffic this change would newly allow:**");
        out.println();
        i.newlyAllowed().forEach(c -> out.println("- " + line(c.connection(), MarkdownText::code)));
      }
    }

    private static String code(PolicyRef ref) {
      return MarkdownText.code(ref.toString());
    }
  }
}
