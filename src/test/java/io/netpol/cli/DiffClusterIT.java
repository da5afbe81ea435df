package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.kube.PolicyFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** diff --cluster against fabric8's mock API server in CRUD mode (a real HTTP Kubernetes API). */
@EnableKubernetesMockClient(crud = true)
class DiffClusterIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final Path TRAP = Path.of("src/test/resources/policies/dns-trap");
  private static final Path SAMPLE = Path.of("collectors/samples/voting-app-hubble.jsonl");

  @TempDir Path dir;

  /** Services whose cluster is the mock server; the store is a real SQLite file. */
  private final Services services = MockCluster.services(server);

  @BeforeEach
  void seedCluster() {
    for (String ns :
        new String[] {
          "voting-api", "voting-data", "voting-frontend", "voting-consumer", "kube-system"
        }) {
      MockCluster.namespace(client, ns);
    }
    client.network().v1().networkPolicies().inAnyNamespace().delete();
    PolicyFiles.read(TRAP.resolve("deployed")).forEach(p -> MockCluster.deploy(client, p));
  }

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new RecommendCommand(), services);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void an_added_dns_egress_policy_is_reported_as_blocking_the_observed_traffic() throws Exception {
    Path db = dir.resolve("netpol.db");
    String[] observed = run("observe", "--db", db.toString(), SAMPLE.toString());
    assertEquals("0", observed[0], observed[2]);
    RecordedStep.dnsTrapDeployed(db);

    String[] diff =
        run(
            "diff",
            "--db",
            db.toString(),
            "--cluster",
            "--proposed",
            TRAP.resolve("proposed").toString(),
            "-o",
            "json");
    assertEquals(
        "1", diff[0], "exit 1 when observed traffic would be blocked\n" + diff[1] + diff[2]);
    JsonNode json = new ObjectMapper().readTree(diff[1]);
    assertEquals("voting-api/allow-dns", json.path("policies").path("added").get(0).asText());
    JsonNode blocked = json.path("connections").path("newlyBlocked");
    assertEquals(2, blocked.size(), diff[1]);
    for (JsonNode c : blocked) {
      assertEquals("voting-api", c.path("client").path("namespace").asText());
      assertEquals("voting-data", c.path("server").path("namespace").asText());
      assertTrue(c.path("blockedBy").asText().contains("voting-api/allow-dns"), c.toString());
      assertTrue(c.path("count").asLong() > 0);
    }
  }

  @Test
  void the_deployed_policies_themselves_block_nothing() {
    Path db = dir.resolve("netpol.db");
    run("observe", "--db", db.toString(), SAMPLE.toString());
    RecordedStep.dnsTrapDeployed(db);
    String[] diff =
        run(
            "diff",
            "--db",
            db.toString(),
            "--cluster",
            "--proposed",
            TRAP.resolve("deployed").toString());
    assertEquals("0", diff[0], diff[1] + diff[2]);
    assertTrue(diff[1].contains("0 added, 0 removed, 0 changed, 2 unchanged"), diff[1]);
    assertTrue(diff[1].contains("newly blocked: 0"), diff[1]);
  }

  @Test
  void explain_against_the_cluster_names_the_policy_that_isolates_the_client() {
    // Live pods carry the labels the evaluator matches on.
    MockCluster.pod(
        client,
        "voting-api/api-5b8c7d9f6c-m4n8r",
        Map.of("app.kubernetes.io/name", "api", "pod-template-hash", "5b8c7d9f6c"));
    MockCluster.pod(
        client,
        "voting-data/postgres-0",
        Map.of(
            "app.kubernetes.io/name",
            "postgresql",
            "statefulset.kubernetes.io/pod-name",
            "postgres-0"));
    PolicyFiles.read(TRAP.resolve("proposed")).forEach(p -> MockCluster.deploy(client, p));
    String[] explain =
        run(
            "explain",
            "--cluster",
            "--from",
            "voting-api/api",
            "--to",
            "voting-data/postgres",
            "--port",
            "5432");
    assertEquals("1", explain[0], explain[1] + explain[2]);
    assertTrue(explain[1].contains("egress at voting-api/api: DENIED"), explain[1]);
    assertTrue(explain[1].contains("isolated by voting-api/allow-dns"), explain[1]);
    assertTrue(explain[1].contains("allows only DNS egress"), explain[1]);
  }
}
