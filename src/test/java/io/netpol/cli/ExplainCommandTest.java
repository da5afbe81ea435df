package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  @TempDir Path tmp;
  Path db;
  Path policies;

  @BeforeEach
  void observeAndPropose() {
    db = tmp.resolve("netpol.db");
    policies = tmp.resolve("policies");
    CommandHarness.run(
            "observe", "--db", db.toString(), "collectors/samples/voting-app-hubble.jsonl")
        .exits(0);
    CommandHarness.run("propose", "--db", db.toString(), "--out", policies.toString()).exits(0);
  }

  private CommandHarness.Result explain(String policyPath, String... args) {
    return CommandHarness.run(
        CommandHarness.concat(
            new String[] {"explain", "--db", db.toString(), "--policies", policyPath}, args));
  }

  @Test
  void an_allowed_connection_names_the_rule_on_each_side() {
    CommandHarness.Result r =
        explain(
                policies.toString(),
                "--from",
                "voting-api/api",
                "--to",
                "voting-data/postgres",
                "--port",
                "5432")
            .exits(0);
    assertTrue(
        r.out()
            .contains(
                "egress at voting-api/api: allowed by voting-api/netpol-recommend-api-egress spec.egress[0]"),
        r::toString);
    assertTrue(
        r.out()
            .contains(
                "ingress at voting-data/postgres: allowed by voting-data/netpol-recommend-postgres-ingress spec.ingress[0]"),
        r::toString);
  }

  @Test
  void a_denied_connection_in_json_lists_the_isolating_policies_and_why_no_rule_matched()
      throws Exception {
    CommandHarness.Result r =
        explain(
                policies.toString(),
                "--from",
                "voting-frontend/frontend",
                "--to",
                "voting-data/postgres",
                "--port",
                "5432",
                "-o",
                "json")
            .exits(1);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertFalse(json.path("allowed").asBoolean());
    JsonNode ingress = json.path("ingress");
    assertEquals("DENIED", ingress.path("status").asText());
    assertTrue(
        ingress
            .path("isolatedBy")
            .toString()
            .contains("voting-data/netpol-recommend-postgres-ingress"));
    assertTrue(
        ingress.path("mismatches").toString().contains("PEER_NAMESPACE_LABELS_MISMATCH"), r.out());
  }

  @Test
  void a_missing_dns_rule_and_a_hand_added_namespace_label_get_hints() throws Exception {
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(
        broken,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api-egress, namespace: voting-api}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {matchLabels: {name: voting-data}}
        """);
    CommandHarness.Result dns =
        explain(
                broken.toString(),
                "--from",
                "voting-api/api",
                "--to",
                "kube-system/coredns",
                "--port",
                "53",
                "--protocol",
                "UDP")
            .exits(1);
    assertTrue(dns.out().contains("DNS egress is missing"), dns::toString);
    CommandHarness.Result label =
        explain(
                broken.toString(),
                "--from",
                "voting-api/api",
                "--to",
                "voting-data/postgres",
                "--port",
                "5432")
            .exits(1);
    assertTrue(label.out().contains("label name is absent"), label::toString);
    assertTrue(
        label.out().contains("select namespaces by kubernetes.io/metadata.name"), label::toString);
  }

  @Test
  void bad_arguments_get_one_clear_line_and_exit_2() {
    CommandHarness.Result r =
        explain(
            policies.toString(),
            "--from",
            "voting-api",
            "--to",
            "voting-data/postgres",
            "--port",
            "5432");
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("--from 'voting-api': expected NAMESPACE/WORKLOAD"), r::toString);
    CommandHarness.Result unknown =
        explain(
            policies.toString(),
            "--from",
            "shop/cart",
            "--to",
            "voting-data/postgres",
            "--port",
            "5432");
    assertEquals(2, unknown.exit(), unknown::toString);
    assertTrue(unknown.err().contains("shop/cart was never observed"), unknown::toString);
  }

  /** A policy with rules for seven other namespaces on the port asked about. */
  private void manyRulesForPostgres() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
                + "  name: many-rules\n  namespace: voting-data\n  labels:\n"
                + "    app.kubernetes.io/managed-by: netpol-recommend\n"
                + "spec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: postgresql}}\n"
                + "  ingress:\n");
    for (char c = 'a'; c <= 'g'; c++) {
      yaml.append(
              "    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-")
          .append(c)
          .append("}}}]\n      ports: [{port: 5433}]\n");
    }
    Files.writeString(policies.resolve("voting-data/many-rules.yaml"), yaml.toString());
  }

  /** api -> postgres on 5433: denied on both sides, the ingress side by many rules. */
  private String apiToPostgres5433(String... more) throws Exception {
    manyRulesForPostgres();
    String[] ask = {"--from", "voting-api/api", "--to", "voting-data/postgres", "--port", "5433"};
    return explain(policies.toString(), CommandHarness.concat(ask, more)).exits(1).out();
  }

  @Test
  void a_denied_side_lists_the_closest_rules_first_and_counts_the_rest() throws Exception {
    String out = apiToPostgres5433();
    int portMiss =
        out.indexOf(
            "voting-data/netpol-recommend-postgres-ingress spec.ingress[0].ports[0]: allows 5432");
    int otherNamespace = out.indexOf("voting-data/many-rules spec.ingress[0].from[0]");
    assertTrue(portMiss > 0 && otherNamespace > portMiss, out);
    // The proposal's one postgres rule (its clients share the port) and many-rules' 4 closest
    // are shown; many-rules' other 3 are counted.
    assertTrue(
        out.contains("    and 3 more rules that select other namespaces (-v lists every rule)"),
        out);
    assertFalse(out.contains("many-rules spec.ingress[6]"), out);
  }

  @Test
  void verbose_lists_every_rule_of_a_denied_side() throws Exception {
    String out = apiToPostgres5433("-v");
    assertFalse(out.contains("more rules"), out);
    for (int i = 0; i < 7; i++) {
      assertTrue(out.contains("voting-data/many-rules spec.ingress[" + i + "].from[0]"), out);
    }
  }

  @Test
  void with_proposed_policies_the_answer_is_for_the_cluster_after_the_rollout() {
    Path trap = Path.of("src/test/resources/policies/dns-trap");
    RecordedStep.dnsTrapDeployed(db);
    String[] ask = {"--from", "voting-api/api", "--to", "voting-data/postgres", "--port", "5432"};
    explain(trap.resolve("deployed").toString(), ask).exits(0);
    CommandHarness.Result after =
        explain(
                trap.resolve("deployed").toString(),
                CommandHarness.concat(ask, "--proposed", trap.resolve("proposed").toString()))
            .exits(1);
    assertTrue(
        after.out().contains("isolated by voting-api/allow-dns (proposed)"), after::toString);
    assertTrue(
        after
            .out()
            .contains(
                "ingress at voting-data/postgres: allowed by voting-data/data-ingress (proposed)"
                    + " spec.ingress[0]"),
        after::toString);
  }
}
