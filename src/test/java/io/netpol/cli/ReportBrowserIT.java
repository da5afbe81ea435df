package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report in a real headless Chromium: the graph renders, the console stays silent. */
class ReportBrowserIT {
  @TempDir Path dir;

  private Path report(Path db, String... more) {
    Path out = dir.resolve("report.html");
    CommandHarness.run(
            CommandHarness.concat(
                new String[] {"report", "--db", db.toString(), "--out", out.toString()}, more))
        .exits(0);
    return out;
  }

  /** Text of the SVG elements (text) the browser built from the page. */
  private static List<String> svgLabels(String dom) {
    int start = dom.indexOf("<svg class=\"traffic\"");
    assertTrue(start >= 0, "the graph is an SVG element in the DOM");
    String svg = dom.substring(start, dom.indexOf("</svg>", start));
    return Pattern.compile("<text[^>]*>([^<]*)</text>")
        .matcher(svg)
        .results()
        .map(r -> r.group(1))
        .toList();
  }

  @Test
  void the_voting_app_report_renders_its_graph_and_logs_nothing_to_the_console() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    HeadlessChromium.Page page = chromium.load(report(db, "--policies", policies.toString()), dir);

    assertTrue(page.dom().contains("<body data-ready=\"true\">"), "the page's script ran");
    List<String> labels = svgLabels(page.dom());
    for (String label :
        List.of(
            "voting-frontend",
            "frontend",
            "voting-api",
            "api",
            "voting-data",
            "postgres",
            "redis",
            "voting-consumer",
            "consumer",
            "kube-system",
            "coredns",
            "5432/TCP · 10")) {
      assertTrue(labels.contains(label), label + " in " + labels);
    }
    assertEquals(List.of(), page.console(), "no console message, no CSP violation");
  }

  @Test
  void hostile_names_neither_run_script_nor_add_elements_in_the_browser() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path db = ReportFixtures.observe(dir, "hostile", ReportFixtures.HOSTILE);
    HeadlessChromium.Page page = chromium.load(report(db), dir);

    assertTrue(page.dom().contains("<title>Traffic report</title>"), "document.title unchanged");
    assertTrue(page.dom().contains("<body data-ready=\"true\">"), "the page's script ran");
    assertFalse(page.dom().contains("<img"), "no injected element");
    assertFalse(page.dom().contains("<b>"), "no injected markup");
    assertEquals(1, ReportCommandTest.count(page.dom(), "<script"), "only the page's script");
    assertTrue(
        svgLabels(page.dom()).contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"),
        "the namespace is a text node (the DOM serialises its < as &lt;): "
            + svgLabels(page.dom()));
    assertEquals(List.of(), page.console(), "no console message, no CSP violation");
  }
}
