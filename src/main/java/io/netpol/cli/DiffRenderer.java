package io.netpol.cli;

import io.netpol.flow.ObservedConnection;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.Replay;
import io.netpol.policy.SideVerdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One renderer per output format of {@code diff}. */
interface DiffRenderer {
  void render(DiffReport report, PrintWriter out) throws Exception;

  static DiffRenderer forFormat(String format) {
    switch (format) {
      case "text":
        return new Text();
      case "json":
        return new Json();
      case "markdown":
        return new Markdown();
      default:
        throw new NetpolException(
            ExitCode.INVALID_INPUT, "-o '" + format + "': use text, json or markdown");
    }
  }

  /** The side that blocks a change's connection, with the policies isolating it. */
  static String blockedBy(Replay.Change c) {
    SideVerdict side = c.after().egress().allowed() ? c.after().ingress() : c.after().egress();
    String where =
        side == c.after().egress()
            ? "egress at " + c.connection().client().display()
            : "ingress at " + c.connection().server().display();
    return where
        + " (isolated by "
        + String.join(", ", side.isolatedBy().stream().map(PolicyRef::toString).toList())
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
    String last = ConnectionJson.time(c.lastSeenMs());
    return c.client().display()
        + " -> "
        + c.server().display()
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
    public void render(DiffReport r, PrintWriter out) {
      PolicyDiff.Result p = r.policies();
      out.printf(
          "policies in %s: %d added, %d removed, %d changed, %d unchanged%n",
          String.join(", ", r.namespaces()),
          p.added().size(),
          p.removed().size(),
          p.changed().size(),
          p.unchanged());
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
      Replay.Impact i = r.impact();
      out.printf(
          "observed edges replayed: %,d; newly blocked: %s; newly allowed: %s%n",
          i.evaluated(), edges(i.newlyBlocked()), edges(i.newlyAllowed()));
      for (Replay.Change c : i.newlyBlocked()) {
        out.println("  BLOCKED " + line(c.connection()));
        out.println("          by " + blockedBy(c));
      }
      for (Replay.Change c : i.newlyAllowed()) {
        out.println("  ALLOWED " + line(c.connection()));
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

  /** For pull-request comments. */
  final class Markdown implements DiffRenderer {
    @Override
    public void render(DiffReport r, PrintWriter out) {
      PolicyDiff.Result p = r.policies();
      Replay.Impact i = r.impact();
      out.println("### NetworkPolicy diff: " + String.join(", ", r.namespaces()));
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
      p.added().forEach(ref -> out.println("- added `" + ref + "`"));
      p.removed().forEach(ref -> out.println("- removed `" + ref + "`"));
      for (PolicyDiff.Changed c : p.changed()) {
        out.println(
            "- changed `"
                + c.policy()
                + "`: "
                + String.join(", ", c.fields().stream().map(f -> "`" + f.path() + "`").toList()));
      }
      if (!i.newlyBlocked().isEmpty()) {
        out.println();
        out.println("**Observed traffic this change would block:**");
        out.println();
        for (Replay.Change c : i.newlyBlocked()) {
          out.println("- " + line(c.connection()) + " — by " + blockedBy(c));
        }
      }
      if (!i.newlyAllowed().isEmpty()) {
        out.println();
        out.println("**Traffic this change would newly allow:**");
        out.println();
        i.newlyAllowed().forEach(c -> out.println("- " + line(c.connection())));
      }
    }
  }
}
