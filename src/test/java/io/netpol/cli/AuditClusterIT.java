package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit and report with --cluster against fabric8's mock API server in CRUD mode: policies,
 * namespaces and live pods come from the API, the rollout history from a real netpol-rollout step.
 */
@EnableKubernetesMockClient(crud = true)
class AuditClusterIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path dir;
  Path db;
  Path policies;

  final TestServices services =
      new TestServices() {
        @Override
        public KubernetesClient kubernetes(KubeOptions options) {
          return server.createClient();
        }
      };

  @BeforeEach
  void seed() {
    client.network().v1().networkPolicies().inAnyNamespace().delete();
    client.pods().inAnyNamespace().delete();
    MockCluster.namespaces(
        client,
        "voting-data",
        "voting-consumer",
        "voting-api",
        "voting-frontend",
        "kube-system",
        "ingress-nginx");
    MockCluster.pod(client, "voting-data", "redis-0", Map.of("app.kubernetes.io/name", "redis"));
    MockCluster.pod(
        client, "voting-data", "postgres-0", Map.of("app.kubernetes.io/name", "postgresql"));
    MockCluster.pod(
        client, "voting-api", "api-5b8c7d9f6c-m4n8r", Map.of("app.kubernetes.io/name", "api"));
    // A pod no flow log ever showed: only the cluster knows it is there, unprotected.
    MockCluster.pod(
        client, "voting-api", "debug-shell-7f9c6d5b4-q2w8x", Map.of("app", "debug-shell"));
    MockCluster.pod(
        client, "kube-system", "coredns-5d78c9869d-8xk2p", Map.of("k8s-app", "kube-dns"));
    db = dir.resolve("netpol.db");
    policies = dir.resolve("policies");
    CommandHarness.run(services, "observe", "--db", db.toString(), ReportFixtures.VOTING).exits(0);
    CommandHarness.run(services, "propose", "--db", db.toString(), "--out", policies.toString())
        .exits(0);
    CommandHarness.rollout(
            services,
            "next",
            "--namespace",
            "voting-data",
            "--plan",
            "rollout-plans/voting-app.yaml",
            "--db",
            db.toString(),
            "--policies",
            policies.toString())
        .exits(0);
  }

  @Test
  void audit_reads_the_live_policies_and_pods_and_lists_the_rollout_step_that_changed_them()
      throws Exception {
    CommandHarness.Result r =
        CommandHarness.run(
                services,
                "audit",
                "--db",
                db.toString(),
                "--cluster",
                "-n",
                "voting-data",
                "-n",
                "voting-api",
                "-o",
                "json")
            .exits(1);
    JsonNode audit = new ObjectMapper().readTree(r.out());
    JsonNode data = audit.path("namespaces").get(1);
    assertEquals("voting-data", data.path("namespace").asText());
    assertEquals(100, data.path("score").asInt(), r.out());
    assertEquals(4, data.path("policies").asInt(), "the rollout applied the proposal");
    JsonNode api = audit.path("namespaces").get(0);
    assertEquals("voting-api", api.path("namespace").asText());
    assertEquals(
        List.of("api", "debug-shell"),
        List.of(
            api.path("notIsolatedIngress").get(0).asText(),
            api.path("notIsolatedIngress").get(1).asText()),
        "the live pod no flow showed is audited too");
    JsonNode applied = null;
    for (JsonNode c : audit.path("changes")) {
      if (c.path("action").asText().equals("applied")) {
        applied = c;
      }
    }
    assertTrue(applied != null, "the applied step is listed: " + audit.path("changes"));
    assertEquals("voting-data", applied.path("namespace").asText());
    assertEquals("2026-11-21T10:00:00Z", applied.path("at").asText());
    assertTrue(
        applied.path("actor").asText().startsWith(System.getProperty("user.name") + "@"),
        applied.toString());
    assertTrue(applied.path("detail").asText().startsWith("4 policies"), applied.toString());
  }

  @Test
  void report_draws_coverage_from_the_cluster() throws Exception {
    Path out = dir.resolve("report.html");
    CommandHarness.Result r =
        CommandHarness.run(
                services,
                "report",
                "--db",
                db.toString(),
                "--cluster",
                "--proposed",
                policies.toString(),
                "--out",
                out.toString())
            .exits(0);
    String html = Files.readString(out);
    assertTrue(html.contains("policies: cluster " + client.getMasterUrl()), r::toString);
    assertTrue(
        html.contains(
            "<tr><td>voting-data</td><td class=\"num\">4</td><td class=\"num\">2</td>"
                + "<td class=\"ok\">2/2</td><td class=\"ok\">2/2</td>"),
        "voting-data is covered in the cluster");
    assertTrue(
        html.contains("<td class=\"bad\" title=\"not isolated: api, debug-shell\">0/2</td>"),
        "voting-api is not");
    assertTrue(
        html.contains("4 removed") == false && html.contains("15 unchanged") == false,
        "the proposal is compared with what the cluster has");
    // The rollout recorded in the store wrote them: the tool owns them, none is kept aside.
    assertTrue(
        html.contains("11 policies added, 0 removed, 0 changed, 4 unchanged, 0 kept (not owned)."),
        "voting-data's four policies are the proposal's: " + html);
  }
}
