package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  /** The namespaces of the voting app's traffic. */
  static final List<String> NAMESPACES =
      List.of(
          "ingress-nginx",
          "kube-system",
          "voting-api",
          "voting-consumer",
          "voting-data",
          "voting-frontend");

  @TempDir Path dir;

  private String report(Path db, String... more) throws IOException {
    Path out = dir.resolve("report-" + System.nanoTime());
    String[] args =
        CommandHarness.concat(
            new String[] {"report", "--db", db.toString(), "--out", out.toString()}, more);
    CommandHarness.Result r = CommandHarness.run(args).exits(0);
    assertTrue(r.err().contains("wrote " + out), r::toString);
    return Files.readString(out);
  }

  /** The texts of the SVG's node and group labels, in document order. */
  private static List<String> svgTexts(String html, String cssClass) {
    Matcher m =
        Pattern.compile(
                "<g class=\"" + cssClass + "[^\"]*\"[^>]*><rect[^>]*/><text[^>]*>([^<]*)</text>")
            .matcher(html);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void the_voting_app_page_draws_every_workload_inside_its_namespace_and_full_coverage()
      throws IOException {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    String html = report(db, "--policies", policies.toString());

    assertEquals(
        List.of(
            "own node (kubelet)",
            "ingress-nginx-controller",
            "coredns",
            "api",
            "consumer",
            "postgres",
            "redis",
            "frontend"),
        svgTexts(html, "node"));
    assertEquals(NAMESPACES, svgTexts(html, "group"));
    assertEquals(16, count(html, "<g class=\"link allowed\""), "one link per observed edge");
    assertEquals(0, count(html, "<g class=\"link denied"));
    assertEquals(0, count(html, "<g class=\"link blocked-by-policy"), "the proposal allows all");
    assertTrue(html.contains("<text class=\"link-label\""), "links are labelled");
    assertTrue(html.contains(">5432/TCP · 10</text>"), "api -> postgres, 10 connections");
    for (String ns : List.of("voting-api", "voting-consumer", "voting-frontend")) {
      assertTrue(
          html.contains(
              "<tr><td>"
                  + ns
                  + "</td><td class=\"num\">"
                  + (ns.equals("voting-consumer") ? 3 : 4)
                  + "</td><td class=\"num\">1</td><td class=\"ok\">1/1</td><td class=\"ok\">1/1</td>"
                  + "<td class=\"ok\">netpol-recommend-default-deny</td>"
                  + "<td class=\"ok\">netpol-recommend-default-deny</td>"
                  + "<td class=\"ok\">1/1 egress-isolated</td></tr>"),
          ns + " coverage row");
    }
    assertTrue(
        html.contains("Evidence window: 2026-11-20T10:00:00Z to 2026-11-20T10:02:00.105Z"),
        "the evidence window");
    assertTrue(html.contains("<td class=\"time\">2026-11-20T10:00:00.017Z</td>"), "first seen");
  }

  @Test
  void the_page_loads_nothing_from_anywhere_and_runs_only_its_own_hashed_script()
      throws IOException {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    String html = report(db);
    assertEquals(1, count(html, "<script"), "one inline script, no script src");
    assertFalse(html.contains("src="), "no external resource");
    assertFalse(html.contains("<link"), "no stylesheet link");
    assertEquals(
        List.of("http://www.w3.org/2000/svg"),
        Pattern.compile("https?://[^\"' )]+")
            .matcher(html)
            .results()
            .map(r -> r.group())
            .distinct()
            .toList(),
        "the only URL is the SVG namespace");
    assertTrue(
        html.contains("content=\"default-src 'none'; style-src 'sha256-"),
        "a strict Content-Security-Policy");
  }

  @Test
  void denied_connections_and_connections_the_policies_would_block_are_drawn_red()
      throws IOException {
    Path db = ReportFixtures.observe(dir, "gaps", ReportFixtures.GAPS);
    String html = report(db, "--policies", ReportFixtures.GAPS_POLICIES);
    assertEquals(1, count(html, "<g class=\"link denied\""), "legacy/cron -> shop/db, denied");
    assertEquals(
        1, count(html, "<g class=\"link blocked-by-policy\""), "db's DNS lookups are blocked");
    assertTrue(html.contains("svg.traffic .link.denied path{stroke:#c53030"), "red");
    assertTrue(svgTexts(html, "node world").contains("api.payments.example"), "internet peer");
    assertTrue(
        html.contains(
            "<tr><td>legacy</td><td class=\"num\">0</td><td class=\"num\">1</td>"
                + "<td class=\"bad\" title=\"not isolated: cron\">0/1</td>"),
        "a namespace without policies");
    assertTrue(html.contains("<td class=\"bad\">missing for db</td>"), "db has no DNS egress");
    assertTrue(
        html.contains("egress denied: isolated by shop/default-deny, no rule matches</td>"),
        "the evidence names what denies db's lookups");
  }

  @Test
  void a_proposal_is_compared_with_the_policies_given_or_with_a_flat_network() throws IOException {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    String flat = report(db, "--proposed", policies.toString());
    assertTrue(
        flat.contains(
            "<p>In voting-api, voting-consumer, voting-data, voting-frontend: 15 policies added,"
                + " 0 removed, 0 changed, 0 unchanged. Observed edges replayed: 11; newly"
                + " blocked: <span class=\"ok\">0</span>"),
        "against no policies");
    assertTrue(flat.contains("<li>added voting-data/netpol-recommend-postgres-ingress</li>"));
    String same = report(db, "--policies", policies.toString(), "--proposed", policies.toString());
    assertTrue(same.contains("0 policies added, 0 removed, 0 changed, 15 unchanged."));
  }

  @Test
  void markdown_holds_the_summary_the_coverage_and_a_mermaid_graph_with_namespace_subgraphs()
      throws IOException {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    String md = report(db, "--policies", policies.toString(), "-o", "markdown");
    assertTrue(md.startsWith("### Traffic report: all namespaces\n"), md);
    assertTrue(md.contains("\n```mermaid\nflowchart LR\n"), md);
    assertEquals(6, count(md, "\n  subgraph g"), "one subgraph per namespace");
    assertEquals(16, count(md, " -->|\""), "one arrow per edge");
    assertTrue(
        md.contains("  subgraph g5[\"voting-data\"]\n    n6[\"postgres\"]:::kworkload\n"), md);
    assertTrue(
        md.contains(
            "| voting-data | 4 | ✅ 2/2 | ✅ 2/2 | ✅ netpol-recommend-default-deny |"
                + " ✅ netpol-recommend-default-deny | ✅ 2/2 |"),
        md);
  }

  @Test
  void beyond_max_workloads_the_graph_shows_namespaces_and_says_so() throws IOException {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    String html = report(db, "--max-workloads", "5");
    assertTrue(
        html.contains(
            "7 workloads are more than the 5 drawn one by one: the graph shows one node per"
                + " namespace."),
        "the notice");
    assertEquals(NAMESPACES, svgTexts(html, "node namespace"));
    assertEquals(0, count(html, "<g class=\"group\""), "no groups around namespace nodes");
    String namespaceOnly = report(db, "--max-workloads", "5", "-n", "voting-data");
    assertFalse(namespaceOnly.contains("workloads are more than"), "-n narrows it down");
  }

  @Test
  void hostile_names_are_text_in_html_and_markdown_never_markup() throws IOException {
    Path db = ReportFixtures.observe(dir, "hostile", ReportFixtures.HOSTILE);
    String html = report(db);
    assertEquals(1, count(html, "<script"), "the page's own script only");
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("<b>"), html);
    assertTrue(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
    assertFalse(
        html.contains("</svg><script>"),
        "the hostile DNS name never appears as markup (ingest refuses it)");
    assertTrue(html.contains("\\u000aclick evil"), "a newline in a name is shown, not kept");

    String md = report(db, "-o", "markdown");
    assertEquals(2, count(md, "```"), "nothing closes the code fence early");
    String chart = md.substring(md.indexOf("```mermaid"), md.lastIndexOf("```"));
    for (String line : chart.split("\n")) {
      Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(line);
      String outside = quoted.replaceAll("");
      assertFalse(outside.contains("evil"), "a name stays inside its quoted label: " + line);
      assertFalse(line.contains("<"), "no HTML in a label: " + line);
    }
    assertTrue(md.contains("\\<script\\>document.title=\\'PWNED\\'\\</script\\>"), md);
  }

  @Test
  void a_folder_that_does_not_exist_for_out_is_one_clear_error() {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    CommandHarness.Result r =
        CommandHarness.run(
                "report", "--db", db.toString(), "--out", dir.resolve("no/such/r.html").toString())
            .exits(2);
    assertTrue(r.err().contains("does not exist; create it first"), r::toString);
    CommandHarness.Result both =
        CommandHarness.run(
                "report", "--db", db.toString(), "--policies", "x", "--cluster", "--out", "r.html")
            .exits(2);
    assertTrue(both.err().contains("mutually exclusive"), both::toString);
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
