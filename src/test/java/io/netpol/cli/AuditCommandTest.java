package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpol.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @TempDir Path dir;

  private static JsonNode json(CommandHarness.Result r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }

  /** {@code audit -o json} of {@code db} and {@code policies}, which must exit {@code exit}. */
  private static JsonNode auditJson(Path db, Object policies, String failOn, int exit)
      throws Exception {
    return json(
        CommandHarness.run(
                "audit",
                "--db",
                db.toString(),
                "--policies",
                policies.toString(),
                "-o",
                "json",
                "--fail-on",
                failOn)
            .exits(exit));
  }

  /** Finding codes by namespace, as the JSON output lists them. */
  private static Map<String, List<String>> codes(JsonNode audit) {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode f : audit.path("findings")) {
      out.computeIfAbsent(f.path("namespace").asText(), k -> new ArrayList<>())
          .add(f.path("severity").asText() + " " + f.path("check").asText());
    }
    return out;
  }

  @Test
  void the_voting_app_proposal_passes_the_audit_with_full_scores() throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    CommandHarness.Result text =
        CommandHarness.run("audit", "--db", db.toString(), "--policies", policies.toString())
            .exits(0);
    assertTrue(
        text.out()
            .startsWith(
                "audit of 4 namespaces (policies: files "
                    + policies
                    + "; evidence 2026-11-20T10:00:00Z to 2026-11-20T10:02:00.105Z, 12 observed edges"
                    + " replayed): 0 errors, 0 warnings, 0 info\n"),
        text::toString);
    assertTrue(
        text.out()
            .contains(
                "voting-data       100     0        0          2/2           2/2"
                    + "            ingress+egress   2/2\n"),
        text::toString);
    JsonNode audit = auditJson(db, policies, "warning", 0);
    assertEquals(0, audit.path("findings").size(), audit.toString());
    for (JsonNode ns : audit.path("namespaces")) {
      assertEquals(100, ns.path("score").asInt(), ns.toString());
      assertEquals(
          List.of(ns.path("namespace").asText() + "/netpol-recommend-default-deny"),
          List.of(ns.path("defaultDenyEgress").get(0).asText()));
    }
  }

  @Test
  void a_cluster_with_gaps_gets_each_finding_a_score_and_exit_1() throws Exception {
    Path db = ReportFixtures.observe(dir, "gaps", ReportFixtures.GAPS);
    CommandHarness.Result r =
        CommandHarness.run(
                "audit",
                "--db",
                db.toString(),
                "--policies",
                ReportFixtures.GAPS_POLICIES,
                "-o",
                "json")
            .exits(1);
    JsonNode audit = json(r);
    assertEquals(
        Map.of(
            "legacy",
            List.of(
                "error not-isolated-ingress",
                "warning no-default-deny-ingress",
                "warning no-default-deny-egress",
                "warning not-isolated-egress"),
            "shop",
            List.of(
                "error allows-everything",
                "error no-dns-egress",
                "warning open-to-world",
                "warning open-to-all-namespaces",
                "warning unused-rule",
                "warning denied-connections")),
        codes(audit));
    Map<String, Integer> scores = new TreeMap<>();
    audit
        .path("namespaces")
        .forEach(n -> scores.put(n.path("namespace").asText(), n.path("score").asInt()));
    assertEquals(Map.of("legacy", 65, "shop", 40), scores);
    JsonNode unused =
        audit.path("findings").findParents("check").stream()
            .filter(f -> f.path("check").asText().equals("unused-rule"))
            .findFirst()
            .orElseThrow();
    assertEquals("shop/api-ingress spec.ingress[1]", unused.path("subject").asText());
    assertTrue(
        unused
            .path("message")
            .asText()
            .endsWith("from 2026-11-20T10:00:00Z to 2026-11-20T10:30:00Z"),
        "the observation window: " + unused);
    assertEquals("2026-11-20T10:30:00Z", audit.path("window").path("last").asText());
  }

  @Test
  void fail_on_sets_the_threshold_of_the_exit_code() {
    Path db = ReportFixtures.observe(dir, "gaps", ReportFixtures.GAPS);
    String[] base = {"audit", "--db", db.toString(), "--policies", ReportFixtures.GAPS_POLICIES};
    CommandHarness.run(CommandHarness.concat(base, "--fail-on", "never")).exits(0);
    CommandHarness.run(CommandHarness.concat(base, "--fail-on", "error")).exits(1);
    CommandHarness.run(CommandHarness.concat(base, "-n", "shop", "--fail-on", "warning")).exits(1);
    // Audited alone, legacy also owns the denied connection its cron job attempted.
    CommandHarness.Result legacy =
        CommandHarness.run(CommandHarness.concat(base, "-n", "legacy")).exits(1);
    assertTrue(legacy.out().contains("1 errors, 4 warnings"), legacy::toString);
    assertTrue(
        legacy.out().contains("legacy/cron -> shop/db 5432/TCP: 3 denied"), legacy::toString);
    CommandHarness.Result bad =
        CommandHarness.run(CommandHarness.concat(base, "--fail-on", "info")).exits(2);
    assertTrue(bad.err().contains("--fail-on"), bad::toString);
  }

  @Test
  void markdown_has_the_score_table_and_one_line_per_finding() {
    Path db = ReportFixtures.observe(dir, "gaps", ReportFixtures.GAPS);
    String md =
        CommandHarness.run(
                "audit",
                "--db",
                db.toString(),
                "--policies",
                ReportFixtures.GAPS_POLICIES,
                "-o",
                "markdown",
                "--fail-on",
                "never")
            .exits(0)
            .out();
    assertTrue(md.startsWith("### NetworkPolicy audit\n"), md);
    assertTrue(md.contains("| shop | 40 | 2 | 4 | 3/3 | 3/3 | ingress+egress | 2/3 |"), md);
    assertTrue(
        md.contains(
            "- ❌ **allows-everything** (shop): shop/web-ingress spec.ingress\\[0\\] has no from:"),
        md);
    assertEquals(10, md.lines().filter(l -> l.startsWith("- ")).count(), md);
  }

  @Test
  void the_rollout_history_in_the_store_is_listed_with_who_when_and_what() throws Exception {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    Path policies = ReportFixtures.votingProposal(dir, db);
    try (Store store = Store.open(db)) {
      store
          .rollouts()
          .audit(
              java.time.Instant.parse("2026-11-21T09:00:00Z").toEpochMilli(),
              "alice@build-7",
              "voting-app",
              "voting-data",
              "begin",
              "forced past: voting-data is not the next step; snapshot of 0 policies");
    }
    JsonNode audit = auditJson(db, policies, "error", 0);
    JsonNode change = audit.path("changes").get(0);
    assertEquals("2026-11-21T09:00:00Z", change.path("at").asText());
    assertEquals("alice@build-7", change.path("actor").asText());
    assertEquals("begin", change.path("action").asText());
    assertEquals(Map.of("voting-data", List.of("warning forced-rollout-step")), codes(audit));
  }

  @Test
  void audit_needs_the_policies_in_force() {
    Path db = ReportFixtures.observe(dir, "voting", ReportFixtures.VOTING);
    CommandHarness.Result r = CommandHarness.run("audit", "--db", db.toString()).exits(2);
    assertEquals("netpol-recommend: " + PolicyOptions.NEITHER + "\n", r.err());
  }
}
