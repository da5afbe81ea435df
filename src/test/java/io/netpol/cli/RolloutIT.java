package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voting-app rollout end to end against fabric8's mock API server in CRUD mode: the cluster
 * holds namespaces, pods and a policy owned by someone else; the store holds the observed sample
 * traffic; the policies come from propose.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static final String PLAN = "rollout-plans/voting-app.yaml";
  static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";
  static final String[] ORDER = {"voting-data", "voting-consumer", "voting-api", "voting-frontend"};

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
    for (String ns :
        new String[] {
          "voting-data",
          "voting-consumer",
          "voting-api",
          "voting-frontend",
          "kube-system",
          "ingress-nginx"
        }) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .addToLabels("kubernetes.io/metadata.name", ns)
                  .endMetadata()
                  .build())
          .createOr(r -> r.update());
    }
    pod(
        "voting-data",
        "redis-0",
        Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        "voting-data",
        "postgres-0",
        Map.of("app.kubernetes.io/name", "postgresql", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        "voting-api",
        "api-5b8c7d9f6c-m4n8r",
        Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        "voting-frontend",
        "frontend-7d9f8b5c4d-h7x2p",
        Map.of("app.kubernetes.io/name", "frontend", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        "voting-consumer",
        "consumer-6c5d8f7b9d-k2j7w",
        Map.of("app.kubernetes.io/name", "consumer", "app.kubernetes.io/part-of", "voting-app"));
    pod("kube-system", "coredns-5d78c9869d-8xk2p", Map.of("k8s-app", "kube-dns"));
    // A policy someone else owns: every command must leave it exactly as it is.
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("team-allow-monitoring")
                .withNamespace("voting-data")
                .addToLabels("team", "data")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", "monitoring")
                .endNamespaceSelector()
                .endFrom()
                .endIngress()
                .endSpec()
                .build())
        .create();
  }

  private static void pod(String ns, String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  @BeforeEach
  void observeAndPropose() {
    db = dir.resolve("netpol.db");
    policies = dir.resolve("policies");
    CommandHarness.run(services, "observe", "--db", db.toString(), SAMPLE).exits(0);
    CommandHarness.run(services, "propose", "--db", db.toString(), "--out", policies.toString())
        .exits(0);
  }

  private CommandHarness.Result rollout(String... args) {
    return CommandHarness.rollout(
        services,
        CommandHarness.concat(
            args, "--plan", PLAN, "--db", db.toString(), "--policies", policies.toString()));
  }

  /** Every policy in the cluster: name to its spec, labels and annotations, minus server fields. */
  private static Map<String, String> clusterPolicies() {
    Map<String, String> out = new TreeMap<>();
    for (NetworkPolicy p :
        client.network().v1().networkPolicies().inAnyNamespace().list().getItems()) {
      out.put(
          p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
          p.getSpec() + " " + p.getMetadata().getLabels() + " " + p.getMetadata().getAnnotations());
    }
    return out;
  }

  @Test
  void
      the_four_step_voting_rollout_soaks_between_steps_and_rollback_all_restores_the_cluster_exactly() {
    Map<String, String> before = clusterPolicies();
    assertTrue(rollout("plan").exits(0).out().contains("voting-data"));

    CommandHarness.Result outOfOrder = rollout("next", "--namespace", "voting-api").exits(3);
    assertTrue(
        outOfOrder.err().contains("out of order: the next step of plan voting-app is voting-data"),
        outOfOrder::toString);

    CommandHarness.Result dry = rollout("next", "--namespace", "voting-data", "--dry-run").exits(0);
    assertTrue(
        dry.out().contains("would create networkpolicy voting-data/netpol-recommend-default-deny"),
        dry::toString);
    assertEquals(before, clusterPolicies(), "dry run changes nothing");

    for (int i = 0; i < ORDER.length; i++) {
      if (i > 0) {
        CommandHarness.Result soaking = rollout("next", "--namespace", ORDER[i]).exits(1);
        assertTrue(
            soaking.err().contains(ORDER[i - 1] + " is still soaking until"), soaking::toString);
        services.advance(Duration.ofHours(25));
      }
      CommandHarness.Result next = rollout("next", "--namespace", ORDER[i]).exits(0);
      assertTrue(
          next.out()
              .contains("create networkpolicy " + ORDER[i] + "/netpol-recommend-default-deny"),
          next::toString);
    }
    services.advance(Duration.ofHours(25));
    String status = rollout("status").exits(0).out();
    for (String ns : ORDER) {
      assertTrue(status.contains(ns) && !status.contains("pending"), status);
    }
    assertTrue(status.contains("healthy"), status);
    assertTrue(clusterPolicies().containsKey("voting-data/netpol-recommend-postgres-ingress"));
    assertEquals(
        before.get("voting-data/team-allow-monitoring"),
        clusterPolicies().get("voting-data/team-allow-monitoring"));

    CommandHarness.Result one = rollout("rollback", "--namespace", "voting-frontend").exits(0);
    assertTrue(
        one.out().contains("delete networkpolicy voting-frontend/netpol-recommend-default-deny"),
        one::toString);
    assertFalse(
        clusterPolicies().keySet().stream().anyMatch(k -> k.startsWith("voting-frontend/")));

    CommandHarness.Result dryAll = rollout("rollback", "--all", "--dry-run").exits(0);
    assertTrue(
        dryAll
            .out()
            .contains("would delete networkpolicy voting-data/netpol-recommend-default-deny"),
        dryAll::toString);
    assertTrue(
        clusterPolicies().containsKey("voting-data/netpol-recommend-default-deny"),
        "a dry-run rollback changes nothing");

    rollout("rollback", "--all").exits(0);
    assertEquals(
        before, clusterPolicies(), "rollback --all restores exactly what was there before");

    String history = rollout("history").exits(0).out();
    assertTrue(
        history.contains("applied")
            && history.contains("rolled-back")
            && history.contains("refused") == false,
        history);
  }

  @Test
  void a_failing_gate_is_reported_by_verify_and_rolled_back_on_request() throws Exception {
    rollout("next", "--namespace", "voting-data").exits(0);
    // New denied traffic into voting-data after the step began.
    Path denied = dir.resolve("denied.jsonl");
    Files.writeString(
        denied,
        "{\"flow\":{\"time\":\"2026-11-21T11:00:00Z\",\"verdict\":\"DROPPED\",\"drop_reason_desc\":\"POLICY_DENIED\","
            + "\"IP\":{\"source\":\"10.244.1.21\",\"destination\":\"10.244.2.52\"},\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":5432,"
            + "\"flags\":{\"SYN\":true}}},\"source\":{\"identity\":5001,\"namespace\":\"voting-frontend\",\"pod_name\":\"frontend-7d9f8b5c4d-h7x2p\","
            + "\"labels\":[\"k8s:app.kubernetes.io/name=frontend\"]},\"destination\":{\"identity\":5002,\"namespace\":\"voting-data\","
            + "\"pod_name\":\"postgres-0\",\"labels\":[\"k8s:app.kubernetes.io/name=postgresql\"]},\"is_reply\":false}}\n");
    CommandHarness.run(services, "observe", "--db", db.toString(), denied.toString()).exits(0);

    CommandHarness.Result verify = rollout("verify").exits(1);
    assertTrue(verify.out().contains("FAILING"), verify::toString);
    CommandHarness.Result next = rollout("next", "--namespace", "voting-consumer").exits(1);
    assertTrue(
        next.err().contains("voting-data failed its gate: 1 denied connections"), next::toString);

    CommandHarness.Result fixed = rollout("verify", "--rollback-on-fail").exits(1);
    assertTrue(fixed.out().contains("rolled back voting-data (gate failed)"), fixed::toString);
    assertFalse(clusterPolicies().containsKey("voting-data/netpol-recommend-default-deny"));
  }

  @Test
  void a_crash_between_snapshot_and_apply_is_refused_until_rolled_back() throws Exception {
    Map<String, String> before = clusterPolicies();
    // What a process killed right after its first write leaves behind: the step begun in the
    // store (snapshot and planned actions) and one of its policies in the cluster.
    NetworkPolicy first = io.netpol.kube.PolicyFiles.read(policies.resolve("voting-data")).get(0);
    String stepId = "voting-app.voting-data.20261121T100000Z";
    try (var store = io.netpol.store.Store.open(db)) {
      var live = new io.netpol.rollout.RolloutExecutor(client).live("voting-data");
      store
          .rollouts()
          .begin(
              new io.netpol.store.StepRecord(
                  stepId,
                  "voting-app",
                  "voting-data",
                  0,
                  io.netpol.store.StepRecord.APPLYING,
                  TestServices.NOW.toEpochMilli(),
                  null,
                  null,
                  null,
                  0,
                  false),
              io.netpol.rollout.RolloutExecutor.snapshot(live),
              Map.of(
                  first.getMetadata().getName(),
                  "created",
                  "netpol-recommend-default-deny",
                  "created"),
              "test",
              "crash simulation");
    }
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder(first)
                .editMetadata()
                .addToLabels("app.kubernetes.io/managed-by", "netpol-recommend")
                .addToAnnotations("netpol-recommend.io/rollout-step", stepId)
                .endMetadata()
                .build())
        .create();

    assertTrue(rollout("status").exits(0).out().contains("interrupted"));
    CommandHarness.Result refused = rollout("next", "--namespace", "voting-data").exits(3);
    assertTrue(refused.err().contains("was interrupted before it finished"), refused::toString);

    CommandHarness.Result restored = rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        restored
            .out()
            .contains("delete networkpolicy voting-data/" + first.getMetadata().getName()),
        restored::toString);
    assertEquals(
        before, clusterPolicies(), "the rollback restores the state before the crashed step");
    rollout("next", "--namespace", "voting-data").exits(0);
  }

  @Test
  void a_second_rollout_is_locked_out_and_the_lock_can_be_broken() throws Exception {
    try (var store = io.netpol.store.Store.open(db)) {
      // Another live process (this JVM's parent is alive) holds the lock.
      long otherPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
      assertTrue(
          store
              .rollouts()
              .lock(
                  "voting-app",
                  "alice@ops",
                  io.netpol.rollout.RolloutService.host(),
                  otherPid,
                  0,
                  false)
              .isEmpty());
    }
    CommandHarness.Result locked = rollout("next", "--namespace", "voting-data").exits(3);
    assertTrue(locked.err().contains("locked by alice@ops"), locked::toString);
    rollout("next", "--namespace", "voting-data", "--break-lock").exits(0);
    assertTrue(rollout("history").out().contains("lock-broken"));
  }

  @Test
  void pre_flight_refuses_a_namespace_missing_from_the_cluster_and_changes_nothing() {
    client.namespaces().withName("voting-data").delete();
    Map<String, String> before = clusterPolicies();
    CommandHarness.Result r = rollout("next", "--namespace", "voting-data").exits(1);
    assertTrue(
        r.err().contains("namespace voting-data does not exist in the cluster"), r::toString);
    assertEquals(before, clusterPolicies());
  }

  @Test
  void pre_flight_refuses_a_store_without_observed_traffic() {
    Path empty = dir.resolve("empty.db");
    io.netpol.store.Store.open(empty).close();
    CommandHarness.Result r =
        CommandHarness.rollout(
                services,
                "next",
                "--namespace",
                "voting-data",
                "--plan",
                PLAN,
                "--db",
                empty.toString(),
                "--policies",
                policies.toString())
            .exits(1);
    assertTrue(r.err().contains("the store holds no observed connections"), r::toString);
    CommandHarness.Result missing =
        CommandHarness.rollout(
                services, "status", "--plan", PLAN, "--db", dir.resolve("typo.db").toString())
            .exits(2);
    assertTrue(missing.err().contains("no database at"), missing::toString);
  }

  @Test
  void policies_the_tool_owned_before_are_updated_or_removed_and_rollback_puts_them_back_exactly() {
    // An earlier, hand-applied proposal: an older default-deny and a rule propose no longer makes.
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("netpol-recommend-default-deny")
                .withNamespace("voting-data")
                .addToLabels("app.kubernetes.io/managed-by", "netpol-recommend")
                .addToAnnotations("note", "v1")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .endSpec()
                .build())
        .create();
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("legacy-redis")
                .withNamespace("voting-data")
                .addToLabels("app.kubernetes.io/managed-by", "netpol-recommend")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addToMatchLabels("app.kubernetes.io/name", "redis")
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .endIngress()
                .endSpec()
                .build())
        .create();
    Map<String, String> before = clusterPolicies();

    CommandHarness.Result next = rollout("next", "--namespace", "voting-data").exits(0);
    assertTrue(
        next.out().contains("update networkpolicy voting-data/netpol-recommend-default-deny"),
        next::toString);
    assertTrue(
        next.out().contains("delete networkpolicy voting-data/legacy-redis"), next::toString);
    assertFalse(clusterPolicies().containsKey("voting-data/legacy-redis"));
    assertTrue(
        clusterPolicies().get("voting-data/netpol-recommend-default-deny").contains("Egress"),
        "the new default-deny is live");

    CommandHarness.Result back = rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        back.out().contains("restore networkpolicy voting-data/netpol-recommend-default-deny"),
        back::toString);
    assertTrue(
        back.out().contains("recreate networkpolicy voting-data/legacy-redis"), back::toString);
    assertEquals(
        before, clusterPolicies(), "both are exactly as they were, the other team's policy too");
  }
}
