package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a timed test: {@code rollback --all} of a 4-namespace plan with 10 policies per
 * namespace, end to end (plan, store, API calls) against the mock API server. Run: {@code ./mvnw -q
 * test -Dtest=RollbackBenchmarkIT -Dbench=true}; the figure is written to
 * target/bench/rollback.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@EnableKubernetesMockClient(crud = true)
class RollbackBenchmarkIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path dir;

  @Test
  void rollback_all_of_four_namespaces_with_ten_policies_each() throws Exception {
    TestServices services =
        new TestServices() {
          @Override
          public KubernetesClient kubernetes(KubeOptions options) {
            return server.createClient();
          }
        };
    StringBuilder plan =
        new StringBuilder(
            "apiVersion: netpol-recommend.io/v1\nkind: RolloutPlan\nmetadata:\n  name: bench\n"
                + "spec:\n  defaults:\n    soak: 1h\n  steps:\n");
    Path policies = dir.resolve("policies");
    for (int n = 0; n < 4; n++) {
      String ns = "bench-" + n;
      plan.append("    - namespace: ").append(ns).append('\n');
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("kubernetes.io/metadata.name", ns)
                  .endMetadata()
                  .build())
          .create();
      Files.createDirectories(policies.resolve(ns));
      for (int p = 0; p < 10; p++) {
        Files.writeString(
            policies.resolve(ns).resolve("allow-" + p + ".yaml"),
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-"
                + p
                + "\n  namespace: "
                + ns
                + "\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - ports:\n        - port: "
                + (8000 + p)
                + "\n");
      }
    }
    // Some observed traffic: next refuses a store with none (its replay would prove nothing).
    CommandHarness.run(
            services,
            "observe",
            "--db",
            dir.resolve("netpol.db").toString(),
            "collectors/samples/voting-app-hubble.jsonl")
        .exits(0);
    Path planFile = dir.resolve("plan.yaml");
    Files.writeString(planFile, plan.toString());
    String[] common = {
      "--plan",
      planFile.toString(),
      "--db",
      dir.resolve("netpol.db").toString(),
      "--policies",
      policies.toString()
    };
    for (int n = 0; n < 4; n++) {
      // --force: no traffic is observed between the steps, which the gates would call no evidence.
      CommandHarness.rollout(
              services,
              CommandHarness.concat(new String[] {"next", "-n", "bench-" + n, "--force"}, common))
          .exits(0);
      services.advance(Duration.ofHours(2));
    }
    assertEquals(
        40, client.network().v1().networkPolicies().inAnyNamespace().list().getItems().size());

    long started = System.nanoTime();
    CommandHarness.rollout(
            services, CommandHarness.concat(new String[] {"rollback", "--all"}, common))
        .exits(0);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertEquals(
        0, client.network().v1().networkPolicies().inAnyNamespace().list().getItems().size());
    String line =
        String.format(
            "rollback --all, 4 namespaces x 10 policies, mock API server: %.3f s%n", seconds);
    Files.createDirectories(Path.of("target/bench"));
    Files.writeString(Path.of("target/bench/rollback.txt"), line);
    System.out.print(line);
  }
}
