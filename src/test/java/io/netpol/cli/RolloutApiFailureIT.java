package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceListBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.kube.PolicyFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API failures injected with the mock server's expectations: a 500 in the middle of a step leaves
 * the cluster and the store consistent, and the step can be rolled back.
 */
@EnableKubernetesMockClient
class RolloutApiFailureIT {
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final String POLICIES =
      "/apis/networking.k8s.io/v1/namespaces/voting-data/networkpolicies";

  @TempDir Path dir;

  @Test
  void a_server_error_mid_step_is_reported_and_the_step_rolls_back() {
    Path db = dir.resolve("netpol.db");
    Path policies = dir.resolve("policies");
    TestServices services =
        new TestServices() {
          @Override
          public KubernetesClient kubernetes(KubeOptions options) {
            // fabric8 retries 5xx with back-off; keep that short so the failure surfaces quickly.
            return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(
                            server.createClient().getConfiguration())
                        .withRequestRetryBackoffLimit(1)
                        .withRequestRetryBackoffInterval(10)
                        .build())
                .build();
          }
        };
    CommandHarness.run(
            services,
            "observe",
            "--db",
            db.toString(),
            "collectors/samples/voting-app-hubble.jsonl")
        .exits(0);
    CommandHarness.run(
            services,
            "propose",
            "--db",
            db.toString(),
            "--out",
            policies.toString(),
            "-n",
            "voting-data")
        .exits(0);
    NetworkPolicy allowDns =
        PolicyFiles.read(policies.resolve("voting-data/netpol-recommend-allow-dns.yaml")).get(0);
    String stepId = "voting-app.voting-data.20261121T100000Z";

    var namespaces = new NamespaceListBuilder();
    for (String ns : new String[] {"voting-data", "voting-api", "voting-consumer", "kube-system"}) {
      namespaces.addToItems(
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(ns)
              .addToLabels("kubernetes.io/metadata.name", ns)
              .endMetadata()
              .build());
    }
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces")
        .andReturn(200, namespaces.build())
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/networking.k8s.io/v1/networkpolicies")
        .andReturn(200, new NetworkPolicyListBuilder().build())
        .always();
    // The pre-flight reads the policies of the namespaces voting-data's traffic reaches.
    for (String ns : new String[] {"voting-api", "voting-consumer", "kube-system"}) {
      server
          .expect()
          .get()
          .withPath("/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies")
          .andReturn(200, new NetworkPolicyListBuilder().build())
          .always();
    }
    server
        .expect()
        .get()
        .withPath(POLICIES)
        .andReturn(200, new NetworkPolicyListBuilder().build())
        .times(2);
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/voting-data/pods")
        .andReturn(
            200,
            new PodListBuilder()
                .addToItems(pod("redis-0", "redis"), pod("postgres-0", "postgresql"))
                .build())
        .always();
    NetworkPolicy created =
        new NetworkPolicyBuilder(allowDns)
            .editMetadata()
            .withResourceVersion("1")
            .addToLabels("app.kubernetes.io/managed-by", "netpol-recommend")
            .addToAnnotations("netpol-recommend.io/rollout-step", stepId)
            .endMetadata()
            .build();
    server.expect().post().withPath(POLICIES).andReturn(201, created).once();
    // What the namespace holds after the failure: the one policy that was written.
    server
        .expect()
        .get()
        .withPath(POLICIES)
        .andReturn(200, new NetworkPolicyListBuilder().addToItems(created).build())
        .always();
    server
        .expect()
        .post()
        .withPath(POLICIES)
        .andReturn(500, "etcdserver: request timed out")
        .always();

    String[] common = {
      "--plan",
      "rollout-plans/voting-app.yaml",
      "--db",
      db.toString(),
      "--policies",
      policies.toString()
    };
    CommandHarness.Result failed =
        CommandHarness.rollout(
            services, CommandHarness.concat(new String[] {"next", "-n", "voting-data"}, common));
    assertEquals(3, failed.exit(), failed::toString);
    assertTrue(
        failed
            .err()
            .contains(
                "cannot create networkpolicy voting-data/netpol-recommend-default-deny: the API server failed"
                    + " (HTTP 500)"),
        failed::toString);
    assertTrue(
        CommandHarness.rollout(services, CommandHarness.concat(new String[] {"status"}, common))
            .exits(0)
            .out()
            .contains("interrupted"));

    // Rollback: the created policy is still ours (deleted), the one never written is left alone.
    server
        .expect()
        .delete()
        .withPath(POLICIES + "/netpol-recommend-allow-dns")
        .andReturn(200, created)
        .once();
    CommandHarness.Result rolledBack =
        CommandHarness.rollout(
            services,
            CommandHarness.concat(new String[] {"rollback", "-n", "voting-data"}, common));
    assertEquals(0, rolledBack.exit(), rolledBack::toString);
    assertTrue(
        rolledBack.out().contains("delete networkpolicy voting-data/netpol-recommend-allow-dns"),
        rolledBack::toString);
    assertTrue(
        rolledBack.out().contains("keep networkpolicy voting-data/netpol-recommend-default-deny"),
        rolledBack::toString);
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("voting-data")
        .withLabels(Map.of("app.kubernetes.io/name", app))
        .endMetadata()
        .build();
  }
}
