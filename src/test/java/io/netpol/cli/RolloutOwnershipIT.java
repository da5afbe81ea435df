package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.kube.ClusterException;
import io.netpol.rollout.ApplyPlan;
import io.netpol.rollout.PolicyContent;
import io.netpol.rollout.PolicyKind;
import io.netpol.rollout.RolloutExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns what: rollback never writes over someone's change unless forced, a tampered snapshot is
 * never restored, writes carry the resourceVersion the step saw, the state may live in its own
 * file, and the audit log names the identity the API server reports.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutOwnershipIT {
  static KubernetesMockServer server;

  @TempDir Path dir;
  RolloutFixture f;

  @BeforeEach
  void setUp() {
    f = new RolloutFixture(server, dir, "rollout-plans/voting-app.yaml");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private NetworkPolicy live(String name) {
    return f.client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .withName(name)
        .get();
  }

  @Test
  void rollback_refuses_to_write_over_a_policy_someone_changed_since_the_step_and_force_does() {
    Map<String, String> before = f.cluster();
    f.rollout("next", "--namespace", "voting-data").exits(0);
    // A person takes the policy over: removes the tool's label and edits it.
    NetworkPolicy edited =
        new NetworkPolicyBuilder(live("netpol-recommend-redis-ingress"))
            .editMetadata()
            .removeFromLabels("app.kubernetes.io/managed-by")
            .endMetadata()
            .editSpec()
            .withPolicyTypes("Ingress", "Egress")
            .endSpec()
            .build();
    f.client.network().v1().networkPolicies().inNamespace("voting-data").resource(edited).update();
    Map<String, String> changed = f.cluster();

    CommandHarness.Result dry =
        f.rollout("rollback", "--namespace", "voting-data", "--dry-run").exits(0);
    assertTrue(
        dry.out()
            .contains(
                "conflict networkpolicy voting-data/netpol-recommend-redis-ingress: changed by someone since the step"
                    + " wrote it"),
        dry::toString);
    CommandHarness.Result refused = f.rollout("rollback", "--namespace", "voting-data").exits(3);
    assertTrue(
        refused
            .err()
            .contains(
                "refused to roll back, nothing was changed: networkpolicy voting-data/netpol-recommend-redis-ingress"
                    + " changed by someone since the step wrote it; check what changed, then rerun"
                    + " with --force"),
        refused::toString);
    assertEquals(changed, f.cluster(), "nothing was changed");

    CommandHarness.Result forced =
        f.rollout("rollback", "--namespace", "voting-data", "--force").exits(0);
    assertTrue(
        forced
            .out()
            .contains(
                "delete networkpolicy voting-data/netpol-recommend-redis-ingress: changed by someone since the step"
                    + " wrote it"),
        forced::toString);
    assertEquals(before, f.cluster());
    assertTrue(f.rollout("history").out().contains("(changed by someone since the step wrote it)"));
  }

  @Test
  void a_policy_the_step_created_that_someone_deleted_since_is_kept_gone_by_rollback() {
    f.rollout("next", "--namespace", "voting-data").exits(0);
    f.client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .withName("netpol-recommend-default-deny")
        .delete();
    CommandHarness.Result back = f.rollout("rollback", "--namespace", "voting-data").exits(0);
    // Created by the step, its absence is what rollback restores: kept as it is, no conflict; the
    // step's other policies are removed.
    assertTrue(
        back.out().contains("keep networkpolicy voting-data/netpol-recommend-default-deny"),
        back::toString);
    assertFalse(f.cluster().containsKey("voting-data/netpol-recommend-redis-ingress"));
  }

  @Test
  void a_tampered_snapshot_is_never_restored() throws Exception {
    f.rollout("next", "--namespace", "voting-data").exits(0);
    // Someone who can write the state file swaps a recorded "before" for another object.
    String foreign =
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":"
            + "{\"name\":\"allow-everything\",\"namespace\":\"kube-system\",\"labels\":"
            + "{\"app.kubernetes.io/managed-by\":\"netpol-recommend\"}},\"spec\":{\"podSelector\":{},"
            + "\"ingress\":[{}]}}";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.db);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE rollout_object SET before_object = ? WHERE name = 'netpol-recommend-redis-ingress'")) {
      ps.setString(1, foreign);
      assertEquals(1, ps.executeUpdate());
    }
    Map<String, String> applied = f.cluster();
    CommandHarness.Result refused = f.rollout("rollback", "--namespace", "voting-data").exits(3);
    assertTrue(
        refused
            .err()
            .contains(
                "networkpolicy voting-data/netpol-recommend-redis-ingress its recorded snapshot is named"
                    + " allow-everything"),
        refused::toString);
    assertEquals(applied, f.cluster());
    CommandHarness.Result forced =
        f.rollout("rollback", "--namespace", "voting-data", "--force").exits(0);
    assertTrue(
        forced.out().contains("invalid networkpolicy voting-data/netpol-recommend-redis-ingress"),
        forced::toString);
    assertTrue(
        f.cluster().containsKey("voting-data/netpol-recommend-redis-ingress"),
        "forced, the other objects are restored and the invalid snapshot is still never written");
    assertFalse(f.cluster().containsKey("kube-system/allow-everything"));
  }

  @Test
  void an_update_is_made_with_the_resource_version_the_step_saw_so_a_later_edit_is_not_lost() {
    f.rollout("next", "--namespace", "voting-data").exits(0);
    RolloutExecutor ex = new RolloutExecutor(f.client);
    var seen =
        ex.live(PolicyKind.NETWORK_POLICY, "voting-data").get("netpol-recommend-default-deny");
    String step = seen.getMetadata().getAnnotations().get("netpol-recommend.io/rollout-step");
    ApplyPlan plan =
        ApplyPlan.of(
            PolicyKind.NETWORK_POLICY,
            "voting-app",
            "voting-data",
            step,
            List.of(PolicyContent.withoutServerFields(seen)),
            Map.of("netpol-recommend-default-deny", seen),
            Set.of(step));
    // Someone edits the policy after the snapshot was taken and before the write.
    NetworkPolicy edit =
        new NetworkPolicyBuilder(live("netpol-recommend-default-deny"))
            .editMetadata()
            .addToAnnotations("edited", "by a person")
            .endMetadata()
            .build();
    f.client.network().v1().networkPolicies().inNamespace("voting-data").resource(edit).update();
    ClusterException e =
        assertThrows(ClusterException.class, () -> ex.write("voting-data", plan.writes().get(0)));
    assertTrue(e.getMessage().contains("conflict"), e.getMessage());
    assertEquals(
        "by a person",
        live("netpol-recommend-default-deny").getMetadata().getAnnotations().get("edited"));
  }

  @Test
  void the_rollout_state_can_live_in_its_own_file_apart_from_the_flows() {
    Path state = dir.resolve("rollout-state.db");
    f.rollout("next", "--namespace", "voting-data", "--state", state.toString()).exits(0);
    assertTrue(
        f.rollout("status", "--state", state.toString()).out().contains("enforced at"),
        "the state file holds the step");
    assertTrue(
        f.rollout("status").out().contains("1      voting-data       enforce   pending"),
        "the flow store holds no rollout state");
    assertTrue(f.rollout("history", "--state", state.toString()).out().contains("applied"));
  }

  @Test
  void the_audit_log_names_the_identity_the_api_server_reports() {
    MockCluster.answerWhoAmI(server, "jane@example.com").once();
    f.rollout("next", "--namespace", "voting-data").exits(0);
    String history = f.rollout("history").out();
    assertTrue(history.contains("jane@example.com"), history);

    // The mock refuses the review the next time (HTTP 422): the local user stands in, marked.
    CommandHarness.Result back = f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        back.err().contains("the API server did not say who you are (SelfSubjectReview"),
        back::toString);
    assertTrue(f.rollout("history").out().contains("(unverified)"));
  }
}
