package io.netpol.policy;

import static io.netpol.policy.Fixtures.np;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The cluster as netpol-rollout next would leave it, and what diff and the replay make of it. */
class AfterStateTest {
  private static final Endpoint API = Endpoint.pod("shop", "api", Map.of("app", "api"));
  private static final Endpoint DB = Endpoint.pod("shop", "db", Map.of("app", "db"));
  private static final Endpoint WEB = Endpoint.pod("shop", "web", Map.of("app", "web"));

  private static final String DENY_INGRESS = "podSelector: {}\npolicyTypes: [Ingress]";
  private static final String DB_FROM_API =
      """
      podSelector: {matchLabels: {app: db}}
      ingress:
      - from: [{podSelector: {matchLabels: {app: api}}}]
        ports: [{port: 5432}]""";

  private static Policy labelled(NetworkPolicy p, String owner) {
    return Policy.of(
        new NetworkPolicyBuilder(p)
            .editMetadata()
            .addToLabels(Ownership.LABEL, owner)
            .endMetadata()
            .build());
  }

  /** The rollout step the tests' store records. */
  private static final String STEP = "voting.shop.20261120T1000Z";

  private static final Set<String> RECORDED = Set.of(STEP);

  /** Labelled by the tool and written by a recorded step: the tool's own. */
  private static Policy owned(String name, String spec) {
    return Policy.of(
        new NetworkPolicyBuilder(np("shop", name, spec))
            .editMetadata()
            .addToLabels(Ownership.LABEL, Ownership.OWNER)
            .addToAnnotations(Ownership.STEP_ANNOTATION, STEP)
            .endMetadata()
            .build());
  }

  private static Policy foreign(String name, String spec) {
    return Policy.of(np("shop", name, spec));
  }

  private static ObservedConnection seen(Endpoint client, Endpoint server, int port, Verdict v) {
    return new ObservedConnection(client, server, port, Protocol.TCP, v, 4, 1000, 2000);
  }

  private static Replay.Impact replay(
      List<Policy> deployed, AfterState after, ObservedConnection... observed) {
    return Replay.replay(
        List.of(observed),
        PolicySet.ofCompiled(deployed.stream().map(Policy::compiled).toList()),
        after.compile(),
        after::origin,
        ConnectionMapping.of(Map.of()),
        new Work());
  }

  private static Map<String, AfterState.Action> actions(AfterState after) {
    Map<String, AfterState.Action> out = new java.util.TreeMap<>();
    after.entries().forEach(e -> out.put(e.ref().name(), e.action()));
    return out;
  }

  @Test
  void owned_policies_are_created_updated_and_deleted_and_foreign_ones_stay() {
    List<Policy> deployed =
        List.of(
            owned("db-ingress", DENY_INGRESS),
            owned("retired", DENY_INGRESS),
            foreign("team-policy", DENY_INGRESS));
    List<Policy> proposal = List.of(owned("db-ingress", DB_FROM_API), owned("new", DENY_INGRESS));

    AfterState after = AfterState.of(List.of(), deployed, proposal, RECORDED);

    assertEquals(
        Map.of(
            "db-ingress", AfterState.Action.UPDATE,
            "new", AfterState.Action.CREATE,
            "retired", AfterState.Action.DELETE,
            "team-policy", AfterState.Action.KEEP),
        actions(after));
    assertEquals(
        List.of("db-ingress", "new", "team-policy"),
        after.policies().stream().map(p -> p.ref().name()).sorted().toList());
    assertEquals(AfterState.Origin.PROPOSED, after.origin(new PolicyRef("shop", "db-ingress")));
    assertEquals(
        AfterState.Origin.KEPT_NOT_OWNED, after.origin(new PolicyRef("shop", "team-policy")));
  }

  @Test
  void namespaces_outside_the_proposal_are_untouched_even_the_tools_own_policies() {
    Policy elsewhere = labelled(np("other", "old", DENY_INGRESS), Ownership.OWNER);
    AfterState after =
        AfterState.of(List.of(), List.of(elsewhere), List.of(owned("new", DENY_INGRESS)), RECORDED);
    assertEquals(List.of("shop"), List.copyOf(after.namespaces()));
    assertTrue(after.policies().contains(elsewhere));
    assertEquals(AfterState.Origin.UNTOUCHED, after.origin(elsewhere.ref()));
  }

  @Test
  void a_proposed_policy_with_a_foreign_policys_name_is_a_conflict_and_the_foreign_one_stays() {
    Policy theirs = foreign("db-ingress", DENY_INGRESS);
    AfterState after =
        AfterState.of(
            List.of(), List.of(theirs), List.of(owned("db-ingress", DB_FROM_API)), RECORDED);

    assertEquals(Map.of("db-ingress", AfterState.Action.CONFLICT), actions(after));
    assertEquals(List.of(theirs), after.policies());
    PolicyDiff.Kept kept = PolicyDiff.diff(after, List.of()).kept().get(0);
    assertTrue(kept.sameName() && kept.conflict());
    assertTrue(PolicyDiff.diff(after, List.of()).added().isEmpty());
  }

  @Test
  void the_label_alone_does_not_make_a_policy_the_tools_a_recorded_step_must_have_written_it() {
    Policy forged = labelled(np("shop", "db-ingress", DENY_INGRESS), Ownership.OWNER);
    Policy stale =
        Policy.of(
            new NetworkPolicyBuilder(np("shop", "old", DENY_INGRESS))
                .editMetadata()
                .addToLabels(Ownership.LABEL, Ownership.OWNER)
                .addToAnnotations(Ownership.STEP_ANNOTATION, "another-plan.shop.20250101T0000Z")
                .endMetadata()
                .build());
    Policy ours = owned("retired", DENY_INGRESS);

    AfterState after =
        AfterState.of(
            List.of(),
            List.of(forged, stale, ours),
            List.of(owned("db-ingress", DB_FROM_API)),
            RECORDED);

    assertEquals(
        Map.of(
            "db-ingress", AfterState.Action.CONFLICT,
            "old", AfterState.Action.KEEP,
            "retired", AfterState.Action.DELETE),
        actions(after));
    PolicyDiff.Kept kept = PolicyDiff.diff(after, List.of()).kept().get(0);
    assertEquals(Ownership.OWNER, kept.owner());
    assertNull(kept.step(), "labelled by hand, no step wrote it");
  }

  @Test
  void a_foreign_policy_isolating_a_pod_the_proposal_leaves_open_keeps_blocking_it() {
    // The proposal isolates only the web pods; another team denies every ingress to db.
    List<Policy> deployed =
        List.of(foreign("db-lockdown", "podSelector: {matchLabels: {app: db}}"));
    List<Policy> proposal =
        List.of(
            owned("web-ingress", "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress]"));
    AfterState after = AfterState.of(List.of(), deployed, proposal, RECORDED);

    Replay.Impact impact = replay(deployed, after, seen(API, DB, 5432, Verdict.DENIED));
    assertTrue(impact.newlyAllowed().isEmpty(), "the lockdown stays: nothing newly allowed");
    io.netpol.policy.Evaluation v =
        Evaluator.evaluate(
            after.compile(),
            ConnectionMapping.of(Map.of()).map(seen(API, DB, 5432, Verdict.DENIED)).connection());
    assertEquals(List.of(new PolicyRef("shop", "db-lockdown")), v.ingress().isolatedBy());

    PolicyDiff.Kept kept = PolicyDiff.diff(after, List.of(API, DB, WEB)).kept().get(0);
    assertNull(kept.owner());
    assertFalse(kept.conflict(), "it selects db, which the proposal does not select");
  }

  @Test
  void a_foreign_allow_the_proposal_lacks_keeps_its_traffic_allowed_and_is_named_as_decider() {
    Policy theirs =
        labelled(
            np(
                "shop",
                "team-web",
                """
                podSelector: {matchLabels: {app: db}}
                ingress:
                - from: [{podSelector: {matchLabels: {app: web}}}]"""),
            "team-shop");
    List<Policy> deployed = List.of(theirs);
    List<Policy> proposal = List.of(owned("deny", DENY_INGRESS), owned("db", DB_FROM_API));
    AfterState after = AfterState.of(List.of(), deployed, proposal, RECORDED);

    Replay.Impact impact =
        replay(
            deployed,
            after,
            seen(WEB, DB, 5432, Verdict.ALLOWED),
            seen(API, WEB, 8080, Verdict.ALLOWED));

    assertEquals(1, impact.newlyBlocked().size(), "web -> db stays allowed by team-web");
    Replay.Change blocked = impact.newlyBlocked().get(0);
    assertEquals(WEB, blocked.connection().server());
    Replay.Side side = blocked.decidedBy().get(0);
    assertEquals(Direction.INGRESS, side.direction());
    assertEquals(
        List.of(
            new Replay.Decider(new PolicyRef("shop", "deny"), null, AfterState.Origin.PROPOSED)),
        side.deciders());

    PolicyDiff.Kept kept = PolicyDiff.diff(after, List.of(API, DB, WEB)).kept().get(0);
    assertEquals("team-shop", kept.owner());
    assertEquals(List.of("shop/db"), kept.sharedWorkloads());
  }

  @Test
  void a_newly_allowed_connection_names_the_rule_that_allows_it_and_where_it_comes_from() {
    List<Policy> deployed = List.of(owned("deny", DENY_INGRESS));
    AfterState after =
        AfterState.of(
            List.of(),
            deployed,
            List.of(owned("deny", DENY_INGRESS), owned("db", DB_FROM_API)),
            RECORDED);
    Replay.Impact impact = replay(deployed, after, seen(API, DB, 5432, Verdict.DENIED));
    Replay.Side side = impact.newlyAllowed().get(0).decidedBy().get(0);
    assertEquals(SideStatus.ALLOWED_BY_POLICY, side.status());
    assertEquals(
        new Replay.Decider(
            new PolicyRef("shop", "db"), "spec.ingress[0]", AfterState.Origin.PROPOSED),
        side.deciders().get(0));
  }

  @Test
  void an_unchanged_proposed_policy_shares_the_deployed_compiled_form() {
    Policy deployed = owned("deny", DENY_INGRESS);
    Policy proposed = owned("deny", DENY_INGRESS);
    AfterState after = AfterState.of(List.of(), List.of(deployed), List.of(proposed), RECORDED);
    assertSame(deployed.compiled(), after.compile().inNamespace("shop").get(0));
    assertEquals(
        List.of(new PolicyRef("shop", "deny")), PolicyDiff.diff(after, List.of()).unchanged());
  }

  @Test
  void origins_are_optional_for_callers_that_replay_plain_sets() {
    Function<PolicyRef, AfterState.Origin> none = ref -> null;
    PolicySet deny = PolicySet.of(List.of(np("shop", "deny", DENY_INGRESS)));
    Replay.Impact impact =
        Replay.replay(
            List.of(seen(API, DB, 5432, Verdict.ALLOWED)),
            PolicySet.empty(),
            deny,
            none,
            ConnectionMapping.of(Map.of()),
            new Work());
    assertNull(impact.newlyBlocked().get(0).decidedBy().get(0).deciders().get(0).origin());
  }
}
