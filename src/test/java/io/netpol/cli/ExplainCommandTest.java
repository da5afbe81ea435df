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
}
