package io.netpol.report;

import io.netpol.audit.NamespaceCoverage;
import io.netpol.flow.Printable;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.Replay;
import java.util.List;

/**
 * The report as Markdown for a pull-request comment: the summary, the coverage table, the changes
 * and the graph as a Mermaid block. Names from flow data are escaped for Markdown and Mermaid.
 */
public final class MarkdownReport {
  /** GitHub refuses Mermaid diagrams larger than this; larger graphs are drawn per namespace. */
  public static final int MAX_MERMAID = 50_000;

  /** Edges listed in the evidence table at most (comments have a size limit too). */
  public static final int MAX_ROWS = 100;

  private MarkdownReport() {}

  public static String render(TrafficReport r) {
    StringBuilder m = new StringBuilder();
    m.append("### Traffic report: ")
        .append(r.scope().isEmpty() ? "all namespaces" : md(String.join(", ", r.scope())))
        .append("\n\n")
        .append("Evidence window ")
        .append(md(r.window().describe()))
        .append("; ")
        .append(r.connections().size())
        .append(" edges (")
        .append(r.count(LinkState.DENIED))
        .append(" denied, ")
        .append(r.count(LinkState.AUDIT))
        .append(" would be denied by staged policies, ")
        .append(r.count(LinkState.BLOCKED_BY_POLICY))
        .append(" blocked by the policies given); policies: ")
        .append(r.policySource() == null ? "none given" : md(r.policySource()))
        .append(".\n\n");
    graph(m, r);
    coverage(m, r.coverage());
    if (r.proposal() != null) {
      proposal(m, r.proposal());
    }
    evidence(m, r);
    return m.toString();
  }

  private static void graph(StringBuilder m, TrafficReport r) {
    TrafficGraph g = r.graph();
    String chart = Mermaid.flowchart(g);
    if (chart.length() > MAX_MERMAID && !g.collapsed()) {
      g = TrafficGraph.of(r.connections(), 0);
      chart = Mermaid.flowchart(g);
      m.append("> The graph is drawn per namespace: per workload it is larger than Mermaid")
          .append(" renders. Name namespaces with -n to see their workloads.\n\n");
    } else if (g.collapsed()) {
      m.append("> ")
          .append(md(String.format(HtmlReport.COLLAPSED, g.workloads(), g.limit())))
          .append("\n\n");
    }
    if (g.nodes().isEmpty()) {
      m.append("No connections observed in scope.\n\n");
      return;
    }
    m.append("```mermaid\n").append(chart).append("```\n\n");
  }

  private static void coverage(StringBuilder m, List<NamespaceCoverage> coverage) {
    m.append("| namespace | policies | isolated ingress | isolated egress | default deny")
        .append(" ingress | default deny egress | DNS egress |\n|---|---|---|---|---|---|---|\n");
    for (NamespaceCoverage c : coverage) {
      int n = c.workloads().size();
      m.append("| ")
          .append(md(c.namespace()))
          .append(" | ")
          .append(c.policies())
          .append(" | ")
          .append(mark(c.notIsolatedIngress().isEmpty()))
          .append(c.isolatedIngress())
          .append('/')
          .append(n)
          .append(" | ")
          .append(mark(c.notIsolatedEgress().isEmpty()))
          .append(c.isolatedEgress())
          .append('/')
          .append(n)
          .append(" | ")
          .append(denies(c.defaultDenyIngress()))
          .append(" | ")
          .append(denies(c.defaultDenyEgress()))
          .append(" | ")
          .append(
              c.isolatedEgress() == 0
                  ? "not needed"
                  : c.withoutDnsEgress().isEmpty()
                      ? "✅ " + c.withDnsEgress() + "/" + c.isolatedEgress()
                      : "❌ missing for " + md(String.join(", ", c.withoutDnsEgress())))
          .append(" |\n");
    }
    m.append('\n');
  }

  private static String mark(boolean ok) {
    return ok ? "✅ " : "❌ ";
  }

  private static String denies(List<PolicyRef> policies) {
    return policies.isEmpty()
        ? "❌ missing"
        : "✅ " + md(String.join(", ", policies.stream().map(PolicyRef::name).toList()));
  }

  private static void proposal(StringBuilder m, ProposalImpact p) {
    PolicyDiff.Result d = p.policies();
    Replay.Impact i = p.impact();
    m.append("**What the proposal changes** in ")
        .append(md(String.join(", ", p.namespaces())))
        .append(": ")
        .append(d.added().size())
        .append(" added, ")
        .append(d.removed().size())
        .append(" removed, ")
        .append(d.changed().size())
        .append(" changed, ")
        .append(d.unchanged().size())
        .append(" unchanged; ")
        .append(i.evaluated())
        .append(" observed edges replayed: ")
        .append(i.newlyBlocked().size())
        .append(" newly blocked, ")
        .append(i.newlyAllowed().size())
        .append(" newly allowed.\n\n");
    for (Replay.Change c : i.newlyBlocked()) {
      m.append("- ❌ blocked: ").append(md(HtmlReport.describe(c.connection()))).append('\n');
    }
    for (Replay.Change c : i.newlyAllowed()) {
      m.append("- allowed: ").append(md(HtmlReport.describe(c.connection()))).append('\n');
    }
    if (!i.newlyBlocked().isEmpty() || !i.newlyAllowed().isEmpty()) {
      m.append('\n');
    }
  }

  private static void evidence(StringBuilder m, TrafficReport r) {
    List<JudgedConnection> rows = r.connections();
    m.append("<details><summary>Evidence: ")
        .append(rows.size())
        .append(" edges</summary>\n\n| client | server | port | observed | connections |")
        .append(
            " first seen | last seen | under the policies |\n|---|---|---|---|---|---|---|---|\n");
    for (JudgedConnection j : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
      var c = j.connection();
      m.append("| ")
          .append(md(c.client().display()))
          .append(" | ")
          .append(md(c.server().display()))
          .append(" | ")
          .append(c.port())
          .append('/')
          .append(c.protocol())
          .append(" | ")
          .append(
              j.state() == LinkState.BLOCKED_BY_POLICY
                  ? "allowed, ❌ blocked"
                  : c.verdict().wireName())
          .append(" | ")
          .append(c.count())
          .append(" | ")
          .append(SvgGraph.time(c.firstSeenMs()))
          .append(" | ")
          .append(SvgGraph.time(c.lastSeenMs()))
          .append(" | ")
          .append(md(j.decidedBy()))
          .append(" |\n");
    }
    if (rows.size() > MAX_ROWS) {
      m.append("\n")
          .append(rows.size() - MAX_ROWS)
          .append(" more edges: see the HTML report or `netpol-recommend flows`.\n");
    }
    m.append("\n</details>\n");
  }

  /**
   * Markdown-safe text: characters that start emphasis, links, HTML, tables or code are
   * backslash-escaped (or written as entities), control characters shown as {@code \\uXXXX}.
   */
  public static String md(String text) {
    if (text == null) {
      return "";
    }
    String printable = Printable.of(text);
    StringBuilder out = new StringBuilder(printable.length() + 8);
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      if ("\\`*_{}[]()<>#+!|~&\"'".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
