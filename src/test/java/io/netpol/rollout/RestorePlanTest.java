package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netpol.policy.Ownership;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one decision behind rollback and its dry run, object by object. */
class RestorePlanTest {
  private static final String STEP = "plan.ns.20261121T000000Z";
  private static final String EARLIER = "plan.ns.20261101T000000Z";

  /**
   * A policy of {@code kind} in ns named {@code name}, labelled as the tool's when a step is given.
   */
  private static String object(
      PolicyKind kind, String name, String namespace, String step, String type) {
    return "{\"apiVersion\":\""
        + kind.apiVersion()
        + "\",\"kind\":\""
        + kind.kind()
        + "\",\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\""
        + namespace
        + "\",\"resourceVersion\":\"7\""
        + (step == null
            ? ""
            : ",\"labels\":{\"app.kubernetes.io/managed-by\":\"netpol-recommend\"},"
                + "\"annotations\":{\"netpol-recommend.io/rollout-step\":\""
                + step
                + "\"}")
        + "},\"spec\":{\"podSelector\":{},\"policyTypes\":[\""
        + type
        + "\"]}}";
  }

  private static String np(String step, String type) {
    return object(PolicyKind.NETWORK_POLICY, "p", "ns", step, type);
  }

  private static RestorePlan.Item plan(ObjectChange c, String live, boolean force) {
    Map<RestorePlan.Key, GenericKubernetesResource> l = new HashMap<>();
    if (live != null) {
      l.put(new RestorePlan.Key(c.kind(), c.name()), PolicyContent.parse(live));
    }
    return RestorePlan.of(STEP, "ns", List.of(c), l, force).items().get(0);
  }

  private static ObjectChange change(ObjectChange.Action a, String before, String after) {
    return new ObjectChange(PolicyKind.NETWORK_POLICY, "p", a, before, after, after, true, false);
  }

  @Test
  void what_the_step_created_and_nobody_touched_is_deleted() {
    String after = np(STEP, "Ingress");
    RestorePlan.Item i = plan(change(ObjectChange.Action.CREATE, null, after), after, false);
    assertEquals(RestorePlan.Op.DELETE, i.op());
    assertEquals("7", i.liveVersion(), "the delete is made with the version compared");
  }

  @Test
  void what_the_step_updated_is_restored_and_what_it_deleted_is_recreated() {
    String before = np(EARLIER, "Egress");
    String after = np(STEP, "Ingress");
    RestorePlan.Item restored =
        plan(change(ObjectChange.Action.UPDATE, before, after), after, false);
    assertEquals(RestorePlan.Op.RESTORE, restored.op());
    assertEquals(EARLIER, Ownership.step(restored.target()));
    assertNull(restored.target().getMetadata().getResourceVersion(), "server fields are dropped");
    assertEquals(
        RestorePlan.Op.RECREATE,
        plan(change(ObjectChange.Action.DELETE, before, null), null, false).op());
  }

  @Test
  void an_object_already_as_it_was_before_is_kept() {
    String before = np(EARLIER, "Egress");
    // An interrupted step that never wrote it, or a rollback run twice.
    ObjectChange notDone =
        new ObjectChange(
            PolicyKind.NETWORK_POLICY,
            "p",
            ObjectChange.Action.UPDATE,
            before,
            np(STEP, "Ingress"),
            np(STEP, "Ingress"),
            false,
            false);
    assertEquals(RestorePlan.Op.KEEP, plan(notDone, before, false).op());
    assertEquals(
        RestorePlan.Op.KEEP,
        plan(change(ObjectChange.Action.CREATE, null, np(STEP, "Ingress")), null, false).op());
  }

  @Test
  void an_object_someone_changed_or_deleted_since_is_a_conflict_unless_forced() {
    String before = np(EARLIER, "Egress");
    String after = np(STEP, "Ingress");
    String theirs = np(null, "Ingress");
    RestorePlan.Item changed =
        plan(change(ObjectChange.Action.UPDATE, before, after), theirs, false);
    assertEquals(RestorePlan.Op.CONFLICT, changed.op());
    assertEquals("changed by someone since the step wrote it", changed.conflict());
    RestorePlan.Item deleted = plan(change(ObjectChange.Action.UPDATE, before, after), null, false);
    assertEquals(RestorePlan.Op.CONFLICT, deleted.op());
    assertEquals("deleted by someone since the step wrote it", deleted.conflict());
    RestorePlan.Item forced = plan(change(ObjectChange.Action.UPDATE, before, after), theirs, true);
    assertEquals(RestorePlan.Op.RESTORE, forced.op());
    assertEquals("changed by someone since the step wrote it", forced.conflict(), "still said");
  }

  @Test
  void server_defaults_and_dropped_empty_fields_are_not_a_change() {
    String after =
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"p\","
            + "\"labels\":{\"app.kubernetes.io/managed-by\":\"netpol-recommend\"},\"annotations\":"
            + "{\"netpol-recommend.io/rollout-step\":\""
            + STEP
            + "\"}},\"spec\":{\"podSelector\":{},\"ingress\":[{\"ports\":[{\"port\":53}],\"from\":[]}],"
            + "\"egress\":[]}}";
    String live =
        "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"p\","
            + "\"uid\":\"u\",\"resourceVersion\":\"9\",\"labels\":{\"app.kubernetes.io/managed-by\":"
            + "\"netpol-recommend\"},\"annotations\":{\"netpol-recommend.io/rollout-step\":\""
            + STEP
            + "\"}},\"spec\":{\"podSelector\":{},\"ingress\":[{\"ports\":[{\"port\":53,\"protocol\":\"TCP\"}]}],"
            + "\"policyTypes\":[\"Ingress\"]}}";
    assertTrue(PolicyContent.same(after, live));
    assertEquals(
        RestorePlan.Op.DELETE,
        plan(change(ObjectChange.Action.CREATE, null, after), live, false).op());
  }

  private static final String STAGED =
      object(PolicyKind.STAGED_NETWORK_POLICY, "p", "ns", STEP, "Ingress");

  /** A staged policy the step wrote and its promote removes (or, done, removed). */
  private static ObjectChange removedByPromote(boolean done) {
    return new ObjectChange(
        PolicyKind.STAGED_NETWORK_POLICY,
        "p",
        ObjectChange.Action.DELETE,
        null,
        null,
        STAGED,
        done,
        false);
  }

  @Test
  void a_staged_policy_a_promote_was_removing_is_still_known_as_the_steps_own() {
    assertEquals(RestorePlan.Op.DELETE, plan(removedByPromote(false), STAGED, false).op());
  }

  @Test
  void a_staged_policy_a_promote_removed_is_no_longer_part_of_the_plan() {
    assertEquals(
        List.of(),
        RestorePlan.of(STEP, "ns", List.of(removedByPromote(true)), Map.of(), false).items());
  }

  @Test
  void a_snapshot_that_is_not_the_object_of_its_change_is_invalid_and_never_written() {
    String after = np(STEP, "Ingress");
    for (String[] bad :
        new String[][] {
          {object(PolicyKind.NETWORK_POLICY, "q", "ns", EARLIER, "Egress"), "named q"},
          {
            object(PolicyKind.NETWORK_POLICY, "p", "kube-system", EARLIER, "Egress"),
            "belongs to namespace kube-system"
          },
          {
            object(PolicyKind.STAGED_NETWORK_POLICY, "p", "ns", EARLIER, "Egress"),
            "is a projectcalico.org/v3 StagedKubernetesNetworkPolicy"
          },
          {np(null, "Egress"), "not an object netpol-recommend owned"},
          {"not json", "not a Kubernetes object"}
        }) {
      RestorePlan.Item i = plan(change(ObjectChange.Action.UPDATE, bad[0], after), after, true);
      assertEquals(RestorePlan.Op.INVALID, i.op(), bad[1]);
      assertTrue(i.conflict().contains(bad[1]), i.conflict());
      assertTrue(!i.writes(), "even forced");
    }
  }

  @Test
  void deletes_come_last_so_the_namespace_keeps_its_policies_meanwhile() {
    String after = np(STEP, "Ingress");
    ObjectChange created = change(ObjectChange.Action.CREATE, null, after);
    ObjectChange recreated =
        new ObjectChange(
            PolicyKind.NETWORK_POLICY,
            "q",
            ObjectChange.Action.DELETE,
            object(PolicyKind.NETWORK_POLICY, "q", "ns", EARLIER, "Egress"),
            null,
            null,
            true,
            false);
    RestorePlan p =
        RestorePlan.of(
            STEP,
            "ns",
            List.of(created, recreated),
            Map.of(new RestorePlan.Key(PolicyKind.NETWORK_POLICY, "p"), PolicyContent.parse(after)),
            false);
    assertEquals(
        List.of(RestorePlan.Op.RECREATE, RestorePlan.Op.DELETE),
        p.items().stream().map(RestorePlan.Item::op).toList());
  }
}
