package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged route of rollout-plans/voting-app-staged.yaml against fabric8's mock API server in
 * CRUD mode, which serves Calico's StagedKubernetesNetworkPolicies by path: staged first, promote
 * after a clean soak, rollback from either state.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutStagedIT {
  static KubernetesMockServer server;

  static final String PLAN = "rollout-plans/voting-app-staged.yaml";

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

  private static Map<String, String> only(Map<String, String> policies, String prefix) {
    return policies.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  @Test
  void a_staged_step_writes_only_staged_policies_and_audit_denies_fail_its_gate_and_block_promote()
      throws IOException {
    Map<String, String> before = f.cluster();
    CommandHarness.Result next = f.rollout("next", "--namespace", "voting-data").exits(0);
    assertTrue(
        next.out()
            .contains(
                "create stagedkubernetesnetworkpolicy voting-data/netpol-recommend-default-deny"),
        next::toString);
    assertTrue(next.out().contains("staged (enforces nothing yet)"), next::toString);
    assertEquals(
        only(before, "voting-data/"),
        only(f.cluster(), "voting-data/"),
        "no NetworkPolicy was written");
    GenericKubernetesResource staged =
        VotingCluster.staged(f.client).stream()
            .filter(p -> p.getMetadata().getName().equals("netpol-recommend-default-deny"))
            .findFirst()
            .orElseThrow();
    assertEquals("projectcalico.org/v3", staged.getApiVersion());
    assertEquals(
        "netpol-recommend", staged.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertTrue(
        staged
            .getMetadata()
            .getAnnotations()
            .get("netpol-recommend.io/rollout-step")
            .startsWith("voting-app-staged.voting-data."));
    String status = f.rollout("status").exits(0).out();
    assertTrue(status.contains("staged at 2026-11-21T10:00:00Z, soaking until"), status);

    // Calico reports the flows the staged policies would deny as pending-policy hits.
    f.observe(VotingFlows.Kind.ALLOWED, 150);
    Path calico = dir.resolve("flows.log");
    Files.writeString(calico, VotingFlows.calicoPendingDeny(1_795_258_800L, 2));
    CommandHarness.run(f.services, "observe", "--db", f.db.toString(), calico.toString()).exits(0);
    f.services.advance(Duration.ofHours(25));

    CommandHarness.Result verify = f.rollout("verify").exits(1);
    assertTrue(
        CommandHarness.hasLine(verify.out(), "audit_denied +FAIL +2 +limit <= 0"),
        verify::toString);
    assertTrue(verify.out().contains("2 of 152 (1.316%)"), verify::toString);
    CommandHarness.Result promote = f.rollout("promote", "--namespace", "voting-data").exits(1);
    assertTrue(
        promote.err().contains("voting-data failed its staged gate: audit_denied 2 (limit <= 0)"),
        promote::toString);
    assertEquals(only(before, "voting-data/"), only(f.cluster(), "voting-data/"));

    f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertEquals(before, f.cluster(), "rollback from staged restores exactly");
  }

  @Test
  void a_clean_staged_soak_lets_promote_enforce_and_rollback_from_enforced_restores_exactly() {
    Map<String, String> before = f.cluster();
    String[] promoteHint =
        RolloutIT.hint(
            f.rollout("next", "--namespace", "voting-data").exits(0).out(), "enforce with");
    f.observe(VotingFlows.Kind.ALLOWED, 150);
    CommandHarness.Result early = f.rollout("promote", "--namespace", "voting-data").exits(1);
    assertTrue(
        early.err().contains("voting-data is still soaking (staged) until"), early::toString);
    CommandHarness.Result jump = f.rollout("next", "--namespace", "voting-consumer").exits(1);
    assertTrue(jump.err().contains("voting-data is staged, not enforced"), jump::toString);
    f.services.advance(Duration.ofHours(25));

    Map<String, String> staged = f.cluster();
    CommandHarness.Result dry =
        f.rollout("promote", "--namespace", "voting-data", "--dry-run").exits(0);
    assertTrue(
        dry.out().contains("would create networkpolicy voting-data/netpol-recommend-default-deny"),
        dry::toString);
    assertTrue(
        dry.out()
            .contains(
                "would delete stagedkubernetesnetworkpolicy voting-data/netpol-recommend-default-deny"),
        dry::toString);
    assertEquals(staged, f.cluster(), "a dry run changes nothing");

    // The hint next printed, run as printed.
    CommandHarness.Result promote = CommandHarness.rollout(f.services, promoteHint).exits(0);
    String out = promote.out();
    assertTrue(
        out.indexOf("create networkpolicy voting-data/netpol-recommend-default-deny")
            < out.indexOf(
                "delete stagedkubernetesnetworkpolicy voting-data/netpol-recommend-default-deny"),
        "enforcing policies are written before staged ones are removed: " + out);
    assertTrue(out.contains("enforced; soak 24h"), promote::toString);
    Map<String, String> enforced = f.cluster();
    assertTrue(enforced.containsKey("voting-data/netpol-recommend-default-deny"));
    assertTrue(
        enforced.keySet().stream().noneMatch(k -> k.startsWith("staged:")), enforced.toString());
    assertEquals(
        before.get("voting-data/team-allow-monitoring"),
        enforced.get("voting-data/team-allow-monitoring"));
    String status = f.rollout("status").exits(0).out();
    assertTrue(status.contains("enforced at 2026-11-22T11:00:00Z, soaking until"), status);
    assertTrue(status.contains("gates of voting-data (enforced phase"), status);

    CommandHarness.Result back = f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertTrue(
        back.out().contains("delete networkpolicy voting-data/netpol-recommend-default-deny"),
        back::toString);
    assertEquals(before, f.cluster(), "rollback from enforced restores exactly");
    assertTrue(f.rollout("history").out().contains("promoted"));
  }

  @Test
  void an_interrupted_promote_is_reported_and_rolls_back_exactly() {
    Map<String, String> before = f.cluster();
    f.rollout("next", "--namespace", "voting-data").exits(0);
    f.observe(VotingFlows.Kind.ALLOWED, 150);
    f.services.advance(Duration.ofHours(25));
    // The API server refuses to remove one staged policy: the promote stops half-way, with the
    // enforcing policies written and some staged ones still there.
    server
        .expect()
        .delete()
        .withPath(
            "/apis/projectcalico.org/v3/namespaces/voting-data/stagedkubernetesnetworkpolicies/netpol-recommend-redis-ingress")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("forbidden")
                .build())
        .once();
    CommandHarness.Result promote = f.rollout("promote", "--namespace", "voting-data").exits(3);
    assertTrue(
        promote
            .err()
            .contains(
                "cannot delete stagedkubernetesnetworkpolicy voting-data/netpol-recommend-redis-ingress"),
        promote::toString);
    assertTrue(f.rollout("status").out().contains("promote interrupted"));
    CommandHarness.Result next = f.rollout("next", "--namespace", "voting-consumer").exits(3);
    assertTrue(next.err().contains("voting-data was interrupted"), next::toString);

    f.rollout("rollback", "--namespace", "voting-data").exits(0);
    assertEquals(before, f.cluster(), "an interrupted promote rolls back to before the step");
  }

  @Test
  void a_staged_soak_without_a_single_observed_connection_has_no_evidence_and_blocks_promote() {
    f.rollout("next", "--namespace", "voting-data").exits(0);
    f.services.advance(Duration.ofHours(25));
    // observe stopped: nothing new reached the store since the step began.
    CommandHarness.Result promote = f.rollout("promote", "--namespace", "voting-data").exits(1);
    assertTrue(promote.err().contains("voting-data has no evidence"), promote::toString);
    CommandHarness.Result verify = f.rollout("verify").exits(1);
    assertTrue(verify.out().contains("NO EVIDENCE"), verify::toString);
    assertTrue(
        CommandHarness.hasLine(verify.out(), "evidence +NO_EVIDENCE +no connection observed"),
        verify::toString);
    assertFalse(verify.out().contains("all gates pass"), verify::toString);
  }
}
