package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MatrixCommandTest {
  @TempDir Path dir;

  private JsonNode json(Path db, String policies) throws Exception {
    CommandHarness.Result r =
        CommandHarness.run("matrix", "--db", db.toString(), "--policies", policies, "-o", "json")
            .exits(0);
    return new ObjectMapper().readTree(r.out()).path("probes");
  }

  /** Writes the matrix of {@code db} and {@code policies} as a script to {@code matrix.sh}. */
  private Path script(Path db, String policies) throws Exception {
    Path script = dir.resolve("matrix.sh");
    Files.writeString(
        script,
        CommandHarness.run("matrix", "--db", db.toString(), "--policies", policies, "-o", "script")
            .exits(0)
            .out());
    return script;
  }

  private static List<JsonNode> kind(JsonNode probes, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : probes) {
      if (p.path("kind").asText().equals(kind)) {
        out.add(p);
      }
    }
    return out;
  }

  private static String describe(JsonNode p) {
    return p.path("client").path("namespace").asText()
        + "/"
        + p.path("client").path("workload").asText()
        + " -> "
        + p.path("server").path("namespace").asText()
        + "/"
        + p.path("server").path("workload").asText()
        + " "
        + p.path("port").asInt();
  }

  @Test
  void observed_connections_are_expected_to_connect_and_pairs_that_never_talked_to_fail()
      throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    JsonNode probes = json(db, policies.toString());

    List<JsonNode> observed = kind(probes, "observed");
    assertEquals(
        18,
        observed.size(),
        "one row per observed edge (kubelet probes from each of the two nodes are edges of their own)");
    observed.forEach(p -> assertEquals("allow", p.path("expected").asText(), p.toString()));
    List<JsonNode> never = kind(probes, "never-seen");
    assertEquals(16, never.size());
    never.forEach(p -> assertEquals("deny", p.path("expected").asText(), p.toString()));
    JsonNode frontendToPostgres =
        never.stream()
            .filter(
                p -> describe(p).equals("voting-frontend/frontend -> voting-data/postgres 5432"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "egress denied: isolated by voting-frontend/netpol-recommend-allow-dns, voting-frontend/netpol-recommend-default-deny,"
            + " voting-frontend/netpol-recommend-frontend-egress, no rule matches",
        frontendToPostgres.path("decidedBy").asText());
    assertEquals(
        "kubectl exec -n voting-frontend <frontend pod> -- nc -zvw3 <voting-data/postgres pod IP>"
            + " 5432",
        frontendToPostgres.path("command").asText());
    JsonNode apiToPostgres =
        observed.stream()
            .filter(p -> describe(p).equals("voting-api/api -> voting-data/postgres 5432"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "egress voting-api/netpol-recommend-api-egress spec.egress[0]; ingress voting-data/netpol-recommend-postgres-ingress"
            + " spec.ingress[0]",
        apiToPostgres.path("decidedBy").asText());
    List<JsonNode> world = kind(probes, "world");
    assertEquals(7, world.size(), "one internet probe per workload");
    assertEquals(
        List.of("ingress-nginx", "kube-system"),
        world.stream()
            .filter(p -> p.path("expected").asText().equals("allow"))
            .map(p -> p.path("client").path("namespace").asText())
            .toList(),
        "only the namespaces the proposal leaves open reach the internet");
  }

  @Test
  void the_table_shows_each_probe_with_its_expectation_and_deciding_rule() throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    CommandHarness.Result r =
        CommandHarness.run("matrix", "--db", db.toString(), "--policies", policies.toString())
            .exits(0);
    List<String> lines = r.out().lines().toList();
    assertEquals(42, lines.size(), r::toString);
    assertTrue(lines.get(0).matches("#\\s+FROM\\s+TO\\s+PORT\\s+EXPECT\\s+KIND\\s+DECIDED BY"));
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "\\d+\\s+voting-frontend/frontend\\s+voting-data/redis\\s+6379/TCP\\s+❌ deny"
                            + "\\s+never seen\\s+egress denied: .*")),
        r::toString);
    assertTrue(
        r.err().contains("matrix: 41 probes (20 expected to connect, 21 expected to fail)"),
        r::toString);
  }

  @Test
  void max_never_seen_caps_the_pairs_that_never_talked_and_says_how_many_were_left_out()
      throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    CommandHarness.Result r =
        CommandHarness.run(
                "matrix",
                "--db",
                db.toString(),
                "--policies",
                policies.toString(),
                "-o",
                "json",
                "--max-never-seen",
                "5")
            .exits(0);
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals(5, kind(root.path("probes"), "never-seen").size());
    assertEquals(11, root.path("neverSeenLeftOut").asInt());
    assertTrue(
        r.err().contains("; 11 more never-seen pairs left out (--max-never-seen)"), r::toString);
  }

  @Test
  void an_observed_denied_attempt_is_a_row_with_what_denies_it() throws Exception {
    Path db = ReportFixtures.observe(dir, "gaps", ReportFixtures.GAPS);
    JsonNode probes = json(db, ReportFixtures.GAPS_POLICIES);
    List<JsonNode> denied = kind(probes, "denied-attempt");
    assertEquals(1, denied.size(), probes.toString());
    assertEquals("legacy/cron -> shop/db 5432", describe(denied.get(0)));
    assertEquals("deny", denied.get(0).path("expected").asText());
    assertEquals(
        "ingress denied: isolated by shop/db-ingress, shop/default-deny, no rule matches",
        denied.get(0).path("decidedBy").asText());
    JsonNode world =
        kind(probes, "observed").stream()
            .filter(p -> p.path("server").path("kind").asText().equals("world"))
            .findFirst()
            .orElseThrow();
    assertEquals("allow", world.path("expected").asText(), "api-egress opens 0.0.0.0/0:443");
  }

  @Test
  void markdown_lists_the_probe_command_of_every_row() throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    String md =
        CommandHarness.run(
                "matrix",
                "--db",
                db.toString(),
                "--policies",
                policies.toString(),
                "-o",
                "markdown")
            .exits(0)
            .out();
    assertTrue(md.startsWith("| # | from | to | port | expected | kind | decided by | probe |"));
    assertTrue(
        md.contains(
            "| 17 | voting-frontend/frontend | kube-system/coredns | 53/UDP | ✅ allow | observed"
                + " | egress voting-frontend/netpol-recommend-allow-dns spec.egress\\[0\\]; ingress not isolated"
                + " | kubectl exec -n voting-frontend \\<frontend pod\\> -- nslookup"
                + " kubernetes.default.svc.cluster.local \\<kube-system/coredns pod IP\\> |"),
        md);
    assertTrue(
        md.contains("| not probed: the client is not a pod \\(node kind-worker \\(own\\)\\)"), md);
  }

  @Test
  void the_script_probes_through_kubectl_exec_and_writes_a_junit_report_of_the_outcome()
      throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    Path script = script(db, policies.toString());
    assertEquals(0, new ProcessBuilder("bash", "-n", script.toString()).start().waitFor());

    JsonNode probes = json(db, policies.toString());
    StandInKubectl kubectl = new StandInKubectl(dir.resolve("cluster"));
    String wrong = null;
    for (JsonNode p : probes) {
      if (!p.path("notRunnable").isNull()) {
        continue;
      }
      String pod = kubectl.pod(p.path("client"))[2];
      String target =
          p.path("server").path("kind").asText().equals("pod")
              ? kubectl.pod(p.path("server"))[3]
              : p.path("server").path("ip").asText();
      boolean allow = p.path("expected").asText().equals("allow");
      // One probe behaves unlike the policies say: the cluster lets frontend reach postgres.
      if (describe(p).equals("voting-frontend/frontend -> voting-data/postgres 5432")) {
        wrong = p.path("number").asText();
        allow = !allow;
      }
      kubectl.answer(pod, target, p.path("port").asInt(), allow ? 0 : 1);
    }
    Path junit = dir.resolve("junit.xml");
    StandInKubectl.Run run = kubectl.run(script, "--junit", junit.toString());
    assertEquals(1, run.exit(), "one probe failed:\n" + run.output());
    assertTrue(
        run.output().contains("41 probes: 34 passed, 1 failed, 0 errors, 6 skipped"), run.output());

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
    assertEquals("41", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("errors"));
    assertEquals("6", suite.getAttribute("skipped"));
    NodeList cases = xml.getElementsByTagName("testcase");
    assertEquals(41, cases.getLength());
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getElementsByTagName("failure").getLength() > 0) {
        failed.add(
            c.getAttribute("classname")
                + " "
                + c.getAttribute("name")
                + ": "
                + ((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message"));
      }
    }
    assertEquals(
        List.of(
            "netpol.matrix.never-seen "
                + wrong
                + " voting-frontend/frontend -> voting-data/postgres 5432/TCP expect deny:"
                + " expected deny, got allow (exit 0)"),
        failed);
    List<String> calls = kubectl.calls();
    assertTrue(
        calls.stream()
            .anyMatch(
                c ->
                    c.contains("exec\u001f-n\u001fvoting-frontend\u001f")
                        && c.contains("\u001fnc\u001f-zvw3\u001f")),
        "TCP probes run nc in the client pod: " + calls);
    assertTrue(
        calls.stream()
            .anyMatch(
                c -> c.contains("\u001fnslookup\u001fkubernetes.default.svc.cluster.local\u001f")),
        "DNS probes run nslookup");
  }

  @Test
  void names_from_flow_data_reach_kubectl_as_plain_arguments_and_never_run() throws Exception {
    Path db = ReportFixtures.observe(dir, "hostile", ReportFixtures.HOSTILE);
    Path script = script(db, ReportFixtures.GAPS_POLICIES);
    JsonNode probes = json(db, ReportFixtures.GAPS_POLICIES);
    Path cluster = dir.resolve("cluster");
    StandInKubectl kubectl = new StandInKubectl(cluster);
    probes.forEach(p -> kubectl.pod(p.path("client")));
    Path junit = dir.resolve("junit.xml");
    StandInKubectl.Run run = kubectl.run(script, "--junit", junit.toString());
    try (var files = Files.list(cluster)) {
      assertFalse(
          files.anyMatch(f -> f.getFileName().toString().startsWith("netpol-pwned")),
          "no command in a name ran");
    }
    assertTrue(
        kubectl.calls().stream()
            .anyMatch(c -> c.contains("app=$(touch netpol-pwned)'; touch netpol-pwned2; echo '")),
        "the label selector reached kubectl verbatim");
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    assertEquals(
        probes.size(), xml.getElementsByTagName("testcase").getLength(), "well-formed XML");
    assertEquals(1, run.exit(), "probes without an answer fail: " + run.output());
  }

  @Test
  void a_world_probe_that_is_not_an_address_and_port_is_refused_with_the_form_to_use() {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    CommandHarness.Result r =
        CommandHarness.run(
                "matrix",
                "--db",
                db.toString(),
                "--policies",
                ReportFixtures.GAPS_POLICIES,
                "--world-probe",
                "example.com:443")
            .exits(2);
    assertEquals(
        "netpol-recommend: "
            + String.format(MatrixCommand.BAD_WORLD_PROBE, "example.com:443")
            + "\n",
        r.err());
  }
}
