package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.kube.PolicyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diff --cluster} shows what {@code netpol-rollout next} would really do, against fabric8's
 * mock API server in CRUD mode: the tool's own policies are created, updated or deleted, everyone
 * else's stay, and the replay sees the cluster as the rollout would leave it.
 */
@EnableKubernetesMockClient(crud = true)
class DiffAfterStateIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final String PLAN = "rollout-plans/voting-app.yaml";
  private static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";
  private static final List<String> ORDER =
      List.of("voting-data", "voting-consumer", "voting-api", "voting-frontend");
  private static final Pattern ACTION =
      Pattern.compile("would (create|update|delete) networkpolicy (\\S+)");

  @TempDir Path dir;
  Path db;
  Path proposal;

  private final TestServices services = MockCluster.services(server);

  @BeforeEach
  void seedClusterObserveAndPropose() {
    client.network().v1().networkPolicies().inAnyNamespace().delete();
    client.pods().inAnyNamespace().delete();
    for (String ns : ORDER) {
      MockCluster.namespace(client, ns);
    }
    MockCluster.namespace(client, "kube-system");
    MockCluster.namespace(client, "ingress-nginx");
    Map<String, String> workloads =
        Map.of(
            "voting-data/redis-0", "redis",
            "voting-data/postgres-0", "postgresql",
            "voting-api/api-5b8c7d9f6c-m4n8r", "api",
            "voting-frontend/frontend-7d9f8b5c4d-h7x2p", "frontend",
            "voting-consumer/consumer-6c5d8f7b9d-k2j7w", "consumer");
    workloads.forEach(
        (pod, app) ->
            MockCluster.pod(
                client,
                pod,
                Map.of("app.kubernetes.io/name", app, "app.kubernetes.io/part-of", "voting-app")));
    MockCluster.pod(client, "kube-system/coredns-5d78c9869d-8xk2p", Map.of("k8s-app", "kube-dns"));
    db = dir.resolve("netpol.db");
    proposal = dir.resolve("policies");
    CommandHarness.run(services, "observe", "--db", db.toString(), SAMPLE).exits(0);
    CommandHarness.run(services, "propose", "--db", db.toString(), "--out", proposal.toString())
        .exits(0);
  }

  private static void deploy(NetworkPolicy p) {
    MockCluster.deploy(client, p);
  }

  /** A policy on {@code app}'s pods allowing ingress from {@code fromNamespaces} on a port. */
  private static NetworkPolicy ingress(
      String ns, String name, Map<String, String> labels, String app, int port, String... from) {
    NetworkPolicyBuilder b =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .addToMatchLabels(app == null ? Map.of() : Map.of("app.kubernetes.io/name", app))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec();
    if (from.length > 0) {
      var rule = b.editSpec().addNewIngress();
      for (String f : from) {
        rule =
            rule.addNewFrom()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", f)
                .endNamespaceSelector()
                .endFrom();
      }
      b = rule.addNewPort().withNewPort(port).withProtocol("TCP").endPort().endIngress().endSpec();
    }
    return b.build();
  }

  private static final String EARLIER_DATA = "voting-app.voting-data.20261101T100000Z";
  private static final String EARLIER_API = "voting-app.voting-api.20261101T100000Z";

  /** {@code p} as a recorded rollout step wrote it. */
  private static NetworkPolicy writtenBy(String step, NetworkPolicy p) {
    return new NetworkPolicyBuilder(p)
        .editMetadata()
        .addToAnnotations(io.netpol.policy.Ownership.STEP_ANNOTATION, step)
        .endMetadata()
        .build();
  }

  private static final Map<String, String> OWNED =
      Map.of("app.kubernetes.io/managed-by", "netpol-recommend");

  private CommandHarness.Result rollout(String... args) {
    return CommandHarness.rollout(
        services,
        CommandHarness.concat(
            args, "--plan", PLAN, "--db", db.toString(), "--policies", proposal.toString()));
  }

  private CommandHarness.Result diff(String... args) {
    return CommandHarness.run(
        services,
        CommandHarness.concat(
            new String[] {"diff", "--db", db.toString(), "--proposed", proposal.toString()}, args));
  }

  private JsonNode diffJson(String namespace, int exit) throws Exception {
    return new ObjectMapper()
        .readTree(diff("--cluster", "-n", namespace, "-o", "json").exits(exit).out());
  }

  /** explain --cluster --proposed, as the rollout would leave the cluster. */
  private CommandHarness.Result explainAfter(String from, String to, int port, int exit) {
    return CommandHarness.run(
            services,
            "explain",
            "--cluster",
            "--proposed",
            proposal.toString(),
            "--from",
            from,
            "--to",
            to,
            "--port",
            Integer.toString(port))
        .exits(exit);
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.isObject() ? n.path("policy").asText() : n.asText()));
    return out;
  }

  @Test
  void diff_and_next_dry_run_agree_on_every_change() throws Exception {
    // An earlier rollout of the tool (a retry of each namespace was rolled back since, restoring
    // what the first step wrote): one policy now proposed differently, one proposed as it is, one
    // the proposal no longer has; and a policy another team owns beside them.
    RecordedStep.record(db, EARLIER_DATA, "voting-data");
    RecordedStep.record(db, EARLIER_API, "voting-api");
    RecordedStep.rolledBack(db, EARLIER_DATA + ".2", "voting-data");
    RecordedStep.rolledBack(db, EARLIER_API + ".2", "voting-api");
    deploy(
        writtenBy(
            EARLIER_DATA,
            ingress("voting-data", "netpol-recommend-default-deny", OWNED, "retired-cache", 0)));
    deploy(
        writtenBy(
            EARLIER_API,
            PolicyFiles.read(proposal.resolve("voting-api/netpol-recommend-api-ingress.yaml"))
                .get(0)));
    deploy(
        writtenBy(
            EARLIER_DATA,
            ingress("voting-data", "old-redis-rule", OWNED, "redis", 6379, "voting-api")));
    deploy(
        ingress(
            "voting-data", "team-monitoring", Map.of("team", "data"), null, 9187, "monitoring"));

    // A file in the proposal folder that propose did not write: both leave it out, with a note.
    Files.writeString(
        proposal.resolve("voting-data/hand-written.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: hand-written\n"
            + "  namespace: voting-data\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n");
    String note = "NetworkPolicy voting-data/hand-written is not labelled";
    assertTrue(diff("--cluster", "-n", "voting-data").err().contains(note));
    assertTrue(rollout("next", "--namespace", "voting-data", "--dry-run").err().contains(note));
    JsonNode data = diffJson("voting-data", 0).path("policies");
    JsonNode api = diffJson("voting-api", 0).path("policies");
    int changes = 0;
    int port = 40000;
    for (String ns : ORDER) {
      CommandHarness.Result dry = rollout("next", "--namespace", ns, "--dry-run").exits(0);
      Map<String, Set<String>> actions =
          Map.of("create", new TreeSet<>(), "update", new TreeSet<>(), "delete", new TreeSet<>());
      Matcher m = ACTION.matcher(dry.out());
      while (m.find()) {
        actions.get(m.group(1)).add(m.group(2));
        changes++;
      }
      JsonNode policies = diffJson(ns, 0).path("policies");
      Set<String> updated = texts(policies.path("changed"));
      updated.addAll(texts(policies.path("unchanged")));
      assertEquals(actions.get("create"), texts(policies.path("added")), ns + " created\n" + dry);
      assertEquals(actions.get("delete"), texts(policies.path("removed")), ns + " deleted\n" + dry);
      assertEquals(actions.get("update"), updated, ns + " updated\n" + dry);
      // Apply the step and let it soak, so the next comparison starts from the cluster it left.
      rollout("next", "--namespace", ns).exits(0);
      // Traffic goes on during the soak: the gate's evidence that observe is alive.
      Path live = dir.resolve("live-" + port + ".jsonl");
      port = VotingFlows.append(live, VotingFlows.Kind.ALLOWED, port, 5);
      CommandHarness.run(services, "observe", "--db", db.toString(), live.toString()).exits(0);
      services.advance(Duration.ofHours(25));
    }
    assertEquals(Set.of("voting-data/old-redis-rule"), texts(data.path("removed")));
    assertEquals(Set.of("voting-data/netpol-recommend-default-deny"), texts(data.path("changed")));
    assertEquals(Set.of("voting-data/team-monitoring"), texts(data.path("kept")));
    assertTrue(data.path("kept").get(0).path("owner").isNull(), "no managed-by label, no owner");
    assertEquals(Set.of("voting-api/netpol-recommend-api-ingress"), texts(api.path("unchanged")));
    assertTrue(changes >= 16, "every proposed policy is an action of some step: " + changes);
  }

  @Test
  void a_same_named_policy_the_tool_does_not_own_is_a_conflict_for_diff_and_for_next() {
    // Another team's policy with the name of a proposed one.
    deploy(ingress("voting-api", "netpol-recommend-default-deny", Map.of("team", "api"), null, 0));

    CommandHarness.Result diff = diff("--cluster", "-n", "voting-api").exits(1);
    assertTrue(
        diff.out()
            .contains("= voting-api/netpol-recommend-default-deny (no managed-by label): CONFLICT"),
        diff::toString);
    assertTrue(diff.out().contains("netpol-rollout refuses voting-api"), diff::toString);
    assertFalse(diff.out().contains("+ voting-api/netpol-recommend-default-deny"), diff::toString);

    CommandHarness.Result next =
        rollout("next", "--namespace", "voting-api", "--dry-run", "--force").exits(1);
    assertTrue(
        next.err()
            .contains(
                "conflict: networkpolicy voting-api/netpol-recommend-default-deny exists and netpol-recommend does"
                    + " not own it"),
        next::toString);
  }

  @Test
  void a_policy_with_the_tools_label_but_no_recorded_step_is_a_conflict_for_diff_and_next() {
    // Someone set the label by hand (or copied the policy from another cluster): no step wrote it.
    deploy(ingress("voting-api", "netpol-recommend-default-deny", OWNED, null, 0));

    CommandHarness.Result diff = diff("--cluster", "-n", "voting-api").exits(1);
    assertTrue(
        diff.out()
            .contains(
                "= voting-api/netpol-recommend-default-deny (carries the app.kubernetes.io/managed-by="
                    + "netpol-recommend label but no step of a recorded rollout wrote it (no"
                    + " netpol-recommend.io/rollout-step annotation)): CONFLICT"),
        diff::toString);
    CommandHarness.Result next =
        rollout("next", "--namespace", "voting-api", "--dry-run", "--force").exits(1);
    assertTrue(
        next.err()
            .contains(
                "conflict: networkpolicy voting-api/netpol-recommend-default-deny exists and carries"),
        next::toString);
  }

  @Test
  void a_foreign_allow_the_proposal_lacks_keeps_its_traffic_allowed() throws Exception {
    // The proposal without its Redis rules: the default deny alone would cut Redis off.
    Files.delete(proposal.resolve("voting-data/netpol-recommend-redis-ingress.yaml"));
    JsonNode without = diffJson("voting-data", 1).path("connections").path("newlyBlocked");
    assertEquals(2, without.size(), without.toString());

    deploy(
        ingress(
            "voting-data",
            "team-redis",
            Map.of("app.kubernetes.io/managed-by", "team-data"),
            "redis",
            6379,
            "voting-api",
            "voting-consumer"));
    JsonNode diff = diffJson("voting-data", 0);
    assertEquals(0, diff.path("connections").path("newlyBlocked").size(), diff.toString());
    JsonNode kept = diff.path("policies").path("kept").get(0);
    assertEquals("voting-data/team-redis", kept.path("policy").asText());
    assertEquals("team-data", kept.path("owner").asText());
    assertTrue(kept.path("conflict").asBoolean(), kept.toString());
    assertEquals("voting-data/redis", kept.path("sharedWorkloads").get(0).asText());

    CommandHarness.Result explain =
        explainAfter("voting-consumer/consumer", "voting-data/redis", 6379, 0);
    assertTrue(
        explain
            .out()
            .contains(
                "ingress at voting-data/redis: allowed by voting-data/team-redis (kept, not owned)"
                    + " spec.ingress[0]"),
        explain::toString);
    // The rollout's pre-flight replays the same after-state: nothing is blocked.
    rollout("next", "--namespace", "voting-data", "--dry-run").exits(0);
  }

  @Test
  void a_foreign_policy_isolating_a_pod_the_proposal_leaves_open_keeps_blocking() throws Exception {
    // The proposal leaves PostgreSQL's ingress open; another team's policy shuts it.
    Files.delete(proposal.resolve("voting-data/netpol-recommend-default-deny.yaml"));
    Files.delete(proposal.resolve("voting-data/netpol-recommend-postgres-ingress.yaml"));
    deploy(ingress("voting-data", "postgres-lockdown", Map.of(), "postgresql", 0));

    JsonNode diff = diffJson("voting-data", 0);
    for (JsonNode c : diff.path("connections").path("newlyAllowed")) {
      assertFalse(
          c.path("server").path("workload").asText().equals("postgres"),
          "the lockdown stays, so nothing to postgres is newly allowed: " + c);
    }
    assertEquals(
        "voting-data/postgres-lockdown",
        diff.path("policies").path("kept").get(0).path("policy").asText(),
        diff.toString());

    CommandHarness.Result explain = explainAfter("voting-api/api", "voting-data/postgres", 5432, 1);
    assertTrue(
        explain.out().contains("isolated by voting-data/postgres-lockdown (kept, not owned)"),
        explain::toString);
    // And the rollout's pre-flight sees the same: it refuses, naming the lockdown.
    CommandHarness.Result next =
        rollout("next", "--namespace", "voting-data", "--dry-run").exits(1);
    assertTrue(next.err().contains("isolated by voting-data/postgres-lockdown"), next::toString);
  }
}
