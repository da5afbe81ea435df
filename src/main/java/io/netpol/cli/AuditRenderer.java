package io.netpol.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netpol.audit.AuditResult;
import io.netpol.audit.Finding;
import io.netpol.audit.NamespaceCoverage;
import io.netpol.audit.PolicyChange;
import io.netpol.audit.Severity;
import io.netpol.flow.Printable;
import io.netpol.policy.PolicyRef;
import io.netpol.report.MarkdownReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One renderer per output format of {@code audit}. */
interface AuditRenderer {
  void render(AuditResult result, String policies, PrintWriter out) throws Exception;

  static AuditRenderer forFormat(AuditFormat format) {
    return switch (format) {
      case TEXT -> new Text();
      case JSON -> new Json();
      case MARKDOWN -> new Markdown();
    };
  }

  static String headline(AuditResult r, String policies) {
    return String.format(
        "audit of %d namespaces (policies: %s; evidence %s, %d observed edges replayed): %d errors,"
            + " %d warnings, %d info",
        r.namespaces().size(),
        policies,
        r.window().describe(),
        r.connectionsReplayed(),
        r.count(Severity.ERROR),
        r.count(Severity.WARNING),
        r.count(Severity.INFO));
  }

  static long count(AuditResult r, String ns, Severity s) {
    return r.findings().stream().filter(f -> f.namespace().equals(ns) && f.severity() == s).count();
  }

  static String denies(NamespaceCoverage c) {
    List<String> ways = new ArrayList<>();
    if (!c.defaultDenyIngress().isEmpty()) {
      ways.add("ingress");
    }
    if (!c.defaultDenyEgress().isEmpty()) {
      ways.add("egress");
    }
    return ways.isEmpty() ? "none" : String.join("+", ways);
  }

  static String dns(NamespaceCoverage c) {
    return c.isolatedEgress() == 0 ? "-" : c.withDnsEgress() + "/" + c.isolatedEgress();
  }

  /** Human text: the score table, then the findings, then the rollout history. */
  final class Text implements AuditRenderer {
    @Override
    public void render(AuditResult r, String policies, PrintWriter out) {
      out.println(headline(r, policies));
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "NAMESPACE",
            "SCORE",
            "ERRORS",
            "WARNINGS",
            "ISOLATED IN",
            "ISOLATED OUT",
            "DEFAULT DENY",
            "DNS EGRESS"
          });
      for (NamespaceCoverage c : r.coverage()) {
        int n = c.workloads().size();
        rows.add(
            new String[] {
              Printable.of(c.namespace()),
              String.valueOf(r.scores().get(c.namespace())),
              String.valueOf(count(r, c.namespace(), Severity.ERROR)),
              String.valueOf(count(r, c.namespace(), Severity.WARNING)),
              c.isolatedIngress() + "/" + n,
              c.isolatedEgress() + "/" + n,
              denies(c),
              dns(c)
            });
      }
      Table.print(out, rows);
      if (!r.findings().isEmpty()) {
        out.println("findings:");
        List<String[]> lines = new ArrayList<>();
        for (Finding f : r.findings()) {
          lines.add(
              new String[] {
                "  " + f.severity().name(),
                Printable.of(f.namespace()),
                f.check().code(),
                Printable.of(f.message())
              });
        }
        Table.print(out, lines);
      }
      out.println("policy changes recorded by netpol-rollout: " + r.changes().size());
      for (PolicyChange c : r.changes()) {
        out.println(
            Printable.of(
                "  "
                    + c.at()
                    + "  "
                    + c.actor()
                    + "  "
                    + c.plan()
                    + "  "
                    + (c.namespace() == null ? "-" : c.namespace())
                    + "  "
                    + c.action()
                    + (c.detail() == null || c.detail().isEmpty() ? "" : ": " + c.detail())));
      }
    }
  }

  /** One JSON object for scripts. */
  final class Json implements AuditRenderer {
    @Override
    public void render(AuditResult r, String policies, PrintWriter out) throws Exception {
      Map<String, Object> root = new LinkedHashMap<>();
      Map<String, Object> summary = new LinkedHashMap<>();
      for (Severity s : Severity.values()) {
        summary.put(s.wireName(), r.count(s));
      }
      root.put("summary", summary);
      root.put("policies", policies);
      Map<String, Object> window = new LinkedHashMap<>();
      window.put("first", r.window().first() == null ? null : r.window().first().toString());
      window.put("last", r.window().last() == null ? null : r.window().last().toString());
      window.put("edges", r.window().edges());
      window.put("connectionsReplayed", r.connectionsReplayed());
      root.put("window", window);
      List<Object> namespaces = new ArrayList<>();
      for (NamespaceCoverage c : r.coverage()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", c.namespace());
        m.put("score", r.scores().get(c.namespace()));
        m.put("policies", c.policies());
        m.put("workloads", c.workloads());
        m.put("notIsolatedIngress", c.notIsolatedIngress());
        m.put("notIsolatedEgress", c.notIsolatedEgress());
        m.put("defaultDenyIngress", refs(c.defaultDenyIngress()));
        m.put("defaultDenyEgress", refs(c.defaultDenyEgress()));
        m.put("withoutDnsEgress", c.withoutDnsEgress());
        namespaces.add(m);
      }
      root.put("namespaces", namespaces);
      List<Object> findings = new ArrayList<>();
      for (Finding f : r.findings()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().wireName());
        m.put("check", f.check().code());
        m.put("namespace", f.namespace());
        m.put("subject", f.subject());
        m.put("message", f.message());
        findings.add(m);
      }
      root.put("findings", findings);
      List<Object> changes = new ArrayList<>();
      for (PolicyChange c : r.changes()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", c.at().toString());
        m.put("actor", c.actor());
        m.put("plan", c.plan());
        m.put("namespace", c.namespace());
        m.put("action", c.action());
        m.put("detail", c.detail());
        changes.add(m);
      }
      root.put("changes", changes);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    private static List<String> refs(List<PolicyRef> refs) {
      return refs.stream().map(PolicyRef::toString).toList();
    }
  }

  /** For a pull request or an audit record. */
  final class Markdown implements AuditRenderer {
    @Override
    public void render(AuditResult r, String policies, PrintWriter out) {
      out.println("### NetworkPolicy audit");
      out.println();
      out.println(MarkdownReport.md(headline(r, policies)));
      out.println();
      out.println(
          "| namespace | score | errors | warnings | isolated ingress | isolated egress |"
              + " default deny | DNS egress |");
      out.println("|---|---|---|---|---|---|---|---|");
      for (NamespaceCoverage c : r.coverage()) {
        int n = c.workloads().size();
        out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %d | %d/%d | %d/%d | %s | %s |%n",
            MarkdownReport.md(c.namespace()),
            r.scores().get(c.namespace()),
            count(r, c.namespace(), Severity.ERROR),
            count(r, c.namespace(), Severity.WARNING),
            c.isolatedIngress(),
            n,
            c.isolatedEgress(),
            n,
            denies(c),
            dns(c));
      }
      if (!r.findings().isEmpty()) {
        out.println();
        for (Finding f : r.findings()) {
          String mark =
              switch (f.severity()) {
                case ERROR -> "❌";
                case WARNING -> "⚠️";
                case INFO -> "ℹ️";
              };
          out.println(
              "- "
                  + mark
                  + " **"
                  + f.check().code()
                  + "** ("
                  + MarkdownReport.md(f.namespace())
                  + "): "
                  + MarkdownReport.md(f.message()));
        }
      }
      if (!r.changes().isEmpty()) {
        out.println();
        out.println("| when | who | plan | namespace | what |");
        out.println("|---|---|---|---|---|");
        for (PolicyChange c : r.changes()) {
          out.printf(
              "| %s | %s | %s | %s | %s |%n",
              c.at(),
              MarkdownReport.md(c.actor()),
              MarkdownReport.md(c.plan()),
              c.namespace() == null ? "-" : MarkdownReport.md(c.namespace()),
              MarkdownReport.md(c.action() + (c.detail() == null ? "" : ": " + c.detail())));
        }
      }
    }
  }
}
