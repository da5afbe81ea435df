package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.rollout.PolicyContent;
import io.netpol.rollout.PolicyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
  static KubernetesMockServer server;

  static final String PLAN = "rollout-plans/voting-app.yaml";
  static final String[] ORDER = {"voting-data", "voting-consumer", "voting-api", "voting-frontend"};

  @TempDir Path dir;
  RolloutFixture f;

  @BeforeEach
  void setUp() {
    f = new RolloutFixture(server, dir, PLAN);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void
      the_four_step_voting_rollout_soaks_between_steps_and_rollback_all_restores_the_cluster_exactly() {
    Map<String, String> before = f.cluster();
    assertTrue(f.rollout("plan").exits(0).out().contains("voting-data"));

    CommandHarness.Result outOfOrder = f.rollout("next", "--namespace", "voting-api").exits(3);
    assertTrue(
        outOfOrder.err().contains("out of order: the next step of plan voting-app is voting-data"),
        outOfOrder::toString);

    CommandHarness.Result dry =
        f.rollout("next", "--namespace", "voting-data", "--dry-run").exits(0);
    assertTrue(
        dry.out().contains("would create networkpolicy voting-data/netpol-recommend-default-deny"),
        dry::toString);
    assertEquals(before, f.cluster(), "dry run changes nothing");

    for (int i = 0; i < ORDER.length; i++) {
      if (i > 0) {
        CommandHarness.Result soaking = f.rollout("next", "--namespace", ORDER[i]).exits(1);
        assertTrue(
            soaking.err().contains(ORDER[i - 1] + " is still soaking until"), soaking::toString);
        f.services.advance(Duration.ofHours(25));
      }
      CommandHarness.Result next = f.rollout("next", "--namespace", ORDER[i]).exits(0);
      assertTrue(
          next.out()
              .contains("create networkpolicy " + ORDER[i] + "/netpol-recommend-default-deny"),
          next::toString);
      f.observe(VotingFlows.Kind.ALLOWED, 5);
    }
    f.services.advance(Duration.ofHours(25));
    String status = f.rollout("status").exits(0).out();
    for (String ns : ORDER) {
      assertTrue(status.contains(ns) && !status.contains("pending"), status);
    }
    assertTrue(status.contains("healthy"), status);
    assertTrue(f.cluster().containsKey("voting-data/netpol-recommend-postgres-ingress"));
    assertEquals(
        before.get("voting-data/team-allow-monitoring"),
        f.cluster().get("voting-data/team-allow-monitoring"));

    CommandHarness.Result one = f.rollout("rollback", "--namespace", "voting-frontend").exits(0);
    assertTrue(
        one.out().contains("delete networkpolicy voting-frontend/netpol-recommend-default-deny"),
        one::toString);
    assertFalse(f.cluster().keySet().stream().anyMatch(k -> k.startsWith("voting-frontend/")));

    CommandHarness.Result dryAll = f.rollout("rollback", "--all", "--dry-run").exits(0);
    assertTrue(
        dryAll
            .out()
            .contains("would delete networkpolicy voting-data/netpol-recommend-default-deny"),
        dryAll::toString);
    assertTrue(
        f.cluster().containsKey("voting-data/netpol-recommend-default-deny"),
        "a dry-run rollback changes nothing");

    f.rollout("rollback", "--all").exits(0);
    assertEquals(before, f.cluster(), "rollback --all restores exactly what was there before");

    String history = f.rollout("history").exits(0).out();
    assertTrue(
        history.contains("applied")
            && history.contains("rolled-back")
            && history.contains("refused") == false,
        history);
  }

  /** The command a hint names after {@code label}, as the words a shell would pass. */
  static String[] hint(String out, String label) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(label + ": netpol-rollout ([^;\\n]+)").matcher(out);
    assertTrue(m.find(), label + " in: " + out);
    return m.group(1).split(" ");
  }

  @Test
  void history_of_a_plan_never_rolled_out_says_so() {
    assertEquals(
        String.format(RolloutCommands.NO_HISTORY, "voting-app") + "\n",
        f.rollout("history").exits(0).out());
  }

  @Test
  void the_undo_hint_of_a_step_names_the_store_it_used_and_runs_as_printed() {
    Map<String, String> before = f.cluster();
    String out = f.rollout("next", "--namespace", "voting-data").exits(0).out();
    String[] undo = hint(out, "undo with");
    assertEquals(
        List.of("rollback", "--plan", PLAN, "--db", f.db.toString(), "--namespace", "voting-data"),
        List.of(undo));
    CommandHarness.rollout(f.services, undo).exits(0);
    assertEquals(before, f.cluster());
  }

  @Test
  void a_failing_gate_is_reported_by_verify_and_rolled_back_on_request() throws Exception {
    CommandHarness.Result nothing = f.rollout("verify").exits(0);
    assertEquals(
        String.format(
                RolloutText.NOTHING_APPLIED,
                "voting-app",
                "netpol-rollout next --plan " + PLAN + " --db " + f.db + " --namespace voting-data")
            + "\n",
        nothing.out(),
        "with nothing applied verify says so, not that all gates pass");
    f.rollout("next", "--namespace", "voting-data").exits(0);
    // New denied traffic into voting-data after the step began.
    f.observe(VotingFlows.Kind.DENIED, 1);

    CommandHarness.Result verify = f.rollout("verify").exits(1);
    assertTrue(verify.out().contains("FAILING"), verify::toString);
    assertTrue(
        CommandHarness.hasLine(verify.out(), "denied_connections +FAIL +1 +limit <= 0"),
        verify::toString);
    CommandHarness.Result next = f.rollout("next", "--namespace", "voting-consumer").exits(1);
    assertTrue(
        next.err().contains("voting-data failed its gate: denied_connections 1 (limit <= 0)"),
        next::toString);

    CommandHarness.Result dry = f.rollout("verify", "--rollback-on-fail", "--dry-run").exits(1);
    assertTrue(
        dry.out().contains("would delete networkpolicy voting-data/netpol-recommend-default-deny"),
        dry::toString);
    assertTrue(dry.out().contains("would roll back voting-app.voting-data."), dry::toString);
    assertTrue(
        f.cluster().containsKey("voting-data/netpol-recommend-default-deny"),
        "a dry run changes nothing");

    CommandHarness.Result fixed = f.rollout("verify", "--rollback-on-fail").exits(1);
    assertTrue(
        fixed.out().contains("delete networkpolicy voting-data/netpol-recommend-default-deny"),
        fixed::toString);
    assertTrue(fixed.out().contains("rolled back voting-app.voting-data."), fixed::toString);
    assertFalse(f.cluster().containsKey("voting-data/netpol-recommend-default-deny"));
    assertTrue(
        f.rollout("history").out().contains("gate failed: denied_connections 1 (limit <= 0)"),
        "the audit log says why");
  }

  @Test
  void a_watch_with_dry_run_says_what_it_would_roll_back_exits_1_and_changes_nothing() {
    f.rollout("next", "--namespace", "voting-data").exits(0);
    f.observe(VotingFlows.Kind.DENIED, 1);
    Map<String, String> before = f.cluster();

    CommandHarness.Result watch =
        f.rollout("verify", "--watch", "--interval", "1s", "--rollback-on-fail", "--dry-run")
            .exits(1);
    String out = watch.out();
    assertTrue(
        out.contains("voting-data: failing (enforced), denied_connections 1"), watch::toString);
    assertTrue(
        out.contains("would delete networkpolicy voting-data/netpol-recommend-default-deny"), out);
    assertTrue(out.contains("would roll back voting-app.voting-data."), out);
    assertTrue(out.endsWith("a gate fails: dry run, nothing was rolled back\n"), out);
    assertEquals(before, f.cluster(), "a dry run changes nothing");
    assertFalse(f.rollout("history").out().contains("rolled-back"), "and records no rollback");
  }

  @Test
  void a_crash_between_snapshot_and_apply_is_refused_until_rolled_back() throws Exception {
    Map<String, String> before = f.cluster();
    // What a process killed right after its first write leaves behind: the step begun in the
    // state (every object as it was and as it was to be) and one of its policies in the cluster.
    String stepId = "voting-app.voting-data.20261121T100000Z";
    List<NetworkPolicy> proposal =
        io.netpol.kube.PolicyFiles.read(f.policies.resolve("voting-data"));
    List<io.netpol.store.ObjectRecord> planned = new java.util.ArrayList<>();
    for (NetworkPolicy p : proposal) {
      String after =
          PolicyContent.json(
              PolicyContent.stamped(
                  PolicyContent.as(p, PolicyKind.NETWORK_POLICY), "voting-data", stepId));
      planned.add(
          new io.netpol.store.ObjectRecord(
              "NetworkPolicy",
              p.getMetadata().getName(),
              "create",
              null,
              after,
              after,
              false,
              false));
    }
    try (var store = io.netpol.store.Store.open(f.db)) {
      store
          .rollouts()
          .begin(
              new io.netpol.store.StepRecord(
                  stepId,
                  "voting-app",
                  "voting-data",
                  0,
                  io.netpol.store.StepRecord.APPLYING,
                  "enforce",
                  TestServices.NOW.toEpochMilli(),
                  null,
                  null,
                  null,
                  null,
                  0,
                  0,
                  0,
                  0,
                  false),
              planned,
              "test",
              "crash simulation");
    }
    NetworkPolicy first = proposal.get(0);
    f.client
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

    assertTrue(f.rollout("status").exits(0).out().contains("interrupted"));
    CommandHarness.Result refused = f.rollout("next", "--namespace", "voting-data").exits(3);
    assertTrue(refused.err().contains("was interrupted before it finished"), refused::toString);

    CommandHarness.Result restored = f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        restored
            .out()
            .contains("delete networkpolicy voting-data/" + first.getMetadata().getName()),
        restored::toString);
    assertEquals(before, f.cluster(), "the rollback restores the state before the crashed step");
    f.rollout("next", "--namespace", "voting-data").exits(0);
  }

  @Test
  void a_second_rollout_is_locked_out_and_the_lock_can_be_broken() throws Exception {
    // Another live process (this JVM's parent is alive) holds the lock.
    f.holdLock(
        "voting-app",
        "alice@ops",
        ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L));
    CommandHarness.Result locked = f.rollout("next", "--namespace", "voting-data").exits(3);
    assertTrue(locked.err().contains("locked by alice@ops"), locked::toString);
    f.rollout("next", "--namespace", "voting-data", "--break-lock").exits(0);
    assertTrue(f.rollout("history").out().contains("lock-broken"));
  }

  @Test
  void pre_flight_refuses_a_namespace_missing_from_the_cluster_and_changes_nothing() {
    f.client.namespaces().withName("voting-data").delete();
    Map<String, String> before = f.cluster();
    CommandHarness.Result r = f.rollout("next", "--namespace", "voting-data").exits(1);
    assertTrue(
        r.err().contains("namespace voting-data does not exist in the cluster"), r::toString);
    assertEquals(before, f.cluster());
  }

  @Test
  void next_reads_only_the_steps_folder_of_a_proposal_laid_out_by_namespace() throws Exception {
    String foreign =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: hand-made\n"
            + "  namespace: %s\nspec:\n  podSelector: {}\n";
    java.nio.file.Files.writeString(
        f.policies.resolve("voting-api/hand-made.yaml"), String.format(foreign, "voting-api"));
    java.nio.file.Files.writeString(
        f.policies.resolve("voting-data/hand-made.yaml"), String.format(foreign, "voting-data"));

    CommandHarness.Result dry =
        f.rollout("next", "--namespace", "voting-data", "--dry-run").exits(0);
    // The step's folder is read (its file noted and skipped: not the tool's), voting-api's is not.
    assertTrue(dry.err().contains("voting-data/hand-made.yaml document 1"), dry::toString);
    assertFalse(dry.err().contains("voting-api/hand-made.yaml"), dry::toString);
  }

  @Test
  void pre_flight_refuses_a_store_without_observed_traffic() {
    Path empty = dir.resolve("empty.db");
    io.netpol.store.Store.open(empty).close();
    CommandHarness.Result r =
        CommandHarness.rollout(
                f.services,
                "next",
                "--namespace",
                "voting-data",
                "--plan",
                PLAN,
                "--db",
                empty.toString(),
                "--policies",
                f.policies.toString())
            .exits(1);
    assertTrue(r.err().contains("the store holds no observed connections"), r::toString);
    CommandHarness.Result missing =
        CommandHarness.rollout(
                f.services, "status", "--plan", PLAN, "--db", dir.resolve("typo.db").toString())
            .exits(2);
    assertTrue(missing.err().contains("no database at"), missing::toString);
  }

  /** A NetworkPolicy in voting-data with the tool's label and, when not null, a step annotation. */
  private void labelled(String name, String step, Map<String, String> podLabels) {
    NetworkPolicyBuilder b =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("voting-data")
            .addToLabels("app.kubernetes.io/managed-by", "netpol-recommend")
            .addToAnnotations("note", "v1")
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .addToMatchLabels(podLabels)
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec();
    if (step != null) {
      b.editMetadata().addToAnnotations("netpol-recommend.io/rollout-step", step).endMetadata();
    }
    f.client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(b.build())
        .create();
  }

  @Test
  void a_label_alone_proves_no_ownership_so_next_neither_overwrites_nor_deletes_such_a_policy() {
    // Another tool applied these with our label but no step of this plan wrote them.
    labelled("netpol-recommend-default-deny", null, Map.of());
    labelled("legacy-redis", "other-plan.voting-data.20261101T000000Z", Map.of("app", "redis"));
    Map<String, String> before = f.cluster();

    CommandHarness.Result dry =
        f.rollout("next", "--namespace", "voting-data", "--dry-run").exits(1);
    assertTrue(
        dry.err()
            .contains(
                "conflict: networkpolicy voting-data/netpol-recommend-default-deny exists and carries the"
                    + " app.kubernetes.io/managed-by=netpol-recommend label but no step of plan"
                    + " voting-app wrote it"),
        dry::toString);
    CommandHarness.Result next = f.rollout("next", "--namespace", "voting-data").exits(1);
    assertTrue(next.err().contains("nothing was changed"), next::toString);
    assertTrue(
        next.err()
            .contains(
                "networkpolicy voting-data/legacy-redis carries the"
                    + " app.kubernetes.io/managed-by=netpol-recommend label but no step of plan"
                    + " voting-app wrote it (netpol-recommend.io/rollout-step names"
                    + " other-plan.voting-data.20261101T000000Z, which this rollout state does not"
                    + " record); left alone"),
        next::toString);
    assertEquals(before, f.cluster());
  }

  @Test
  void a_same_named_policy_the_tool_does_not_own_is_reported_as_a_conflict_whatever_its_name() {
    // A hand-written policy that happens to share a proposed name (whichever it is).
    String taken =
        io.netpol.kube.PolicyFiles.read(f.policies.resolve("voting-data"))
            .get(1)
            .getMetadata()
            .getName();
    f.client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(taken)
                .withNamespace("voting-data")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .endSpec()
                .build())
        .create();
    Map<String, String> before = f.cluster();
    CommandHarness.Result r = f.rollout("next", "--namespace", "voting-data").exits(1);
    assertTrue(
        r.err()
            .contains(
                "conflict: networkpolicy voting-data/"
                    + taken
                    + " exists and netpol-recommend does not own it (no"
                    + " app.kubernetes.io/managed-by=netpol-recommend label)"),
        r::toString);
    assertEquals(before, f.cluster());
  }

  @Test
  void
      policies_an_earlier_step_of_the_plan_wrote_are_updated_or_removed_and_rollback_restores_them() {
    // An earlier attempt of this plan (recorded in its state) left an older default-deny and a
    // rule propose no longer makes.
    String earlier = "voting-app.voting-data.20261101T000000Z";
    try (var store = io.netpol.store.Store.open(f.db)) {
      var step =
          new io.netpol.store.StepRecord(
              earlier,
              "voting-app",
              "voting-data",
              0,
              "applying",
              "enforce",
              0L,
              null,
              null,
              null,
              null,
              0,
              0,
              0,
              0,
              false);
      store.rollouts().begin(step, List.of(), "test", "an earlier attempt");
      store.rollouts().applied(step, "applied", 0L, 0L, "test", "an earlier attempt");
      store.rollouts().rolledBack(step, 1L, "test", "its objects were put back by hand");
    }
    labelled("netpol-recommend-default-deny", earlier, Map.of());
    labelled("legacy-redis", earlier, Map.of("app.kubernetes.io/name", "redis"));
    Map<String, String> before = f.cluster();

    CommandHarness.Result next = f.rollout("next", "--namespace", "voting-data").exits(0);
    assertTrue(
        next.out().contains("update networkpolicy voting-data/netpol-recommend-default-deny"),
        next::toString);
    assertTrue(
        next.out().contains("delete networkpolicy voting-data/legacy-redis"), next::toString);
    assertFalse(f.cluster().containsKey("voting-data/legacy-redis"));
    assertTrue(
        f.cluster().get("voting-data/netpol-recommend-default-deny").contains("Egress"),
        "the new default-deny is live");

    CommandHarness.Result back = f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        back.out().contains("restore networkpolicy voting-data/netpol-recommend-default-deny"),
        back::toString);
    assertTrue(
        back.out().contains("recreate networkpolicy voting-data/legacy-redis"), back::toString);
    assertEquals(before, f.cluster(), "both are exactly as they were, the other team's policy too");
  }
}
