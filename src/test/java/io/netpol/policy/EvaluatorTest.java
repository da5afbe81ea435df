package io.netpol.policy;

import static io.netpol.policy.Fixtures.np;
import static io.netpol.policy.Fixtures.pod;
import static io.netpol.policy.Fixtures.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of verdicts, which explain, diff and rollout render and compare. */
class EvaluatorTest {

  private static final PodPeer WEB = pod("shop", "web");
  private static final PodPeer DB = pod("shop", "db");

  @Test
  void a_denial_lists_every_rule_of_every_isolating_policy_with_its_field() {
    PolicySet policies =
        PolicySet.of(
            List.of(
                np(
                    "shop",
                    "b-allow-api",
                    """
            podSelector: {matchLabels: {app: db}}
            ingress:
            - from: [{podSelector: {matchLabels: {app: api}}}]
            - ports: [{port: 5432}, {port: 5433}]"""),
                np("shop", "a-deny", "podSelector: {}\npolicyTypes: [Ingress]")));

    SideVerdict ingress = Evaluator.evaluate(policies, tcp(WEB, DB, 22)).ingress();

    assertEquals(SideStatus.DENIED, ingress.status());
    assertEquals(
        List.of(new PolicyRef("shop", "a-deny"), new PolicyRef("shop", "b-allow-api")),
        ingress.isolatedBy(),
        "isolating policies in name order");
    List<Mismatch> mismatches = ingress.mismatches();
    assertEquals(4, mismatches.size(), mismatches::toString);
    assertEquals(
        new Mismatch(
            new PolicyRef("shop", "a-deny"),
            Mismatch.NO_RULE,
            MismatchReason.NO_RULES,
            "spec.ingress",
            "isolates ingress and has no ingress rules, so it allows no ingress traffic"),
        mismatches.get(0));
    assertEquals(0, mismatches.get(1).ruleIndex());
    assertEquals("spec.ingress[0].from[0]", mismatches.get(1).field());
    assertEquals(
        "pod shop/web does not match podSelector app=api: app=api expected, found app=web",
        mismatches.get(1).detail());
    assertEquals(
        List.of("spec.ingress[1].ports[0]", "spec.ingress[1].ports[1]"),
        mismatches.subList(2, 4).stream().map(Mismatch::field).toList());
    assertTrue(mismatches.subList(2, 4).stream().allMatch(m -> m.ruleIndex() == 1));
  }

  @Test
  void an_allowed_side_lists_every_allowing_rule_and_no_mismatches() {
    PolicySet policies =
        PolicySet.of(
            List.of(
                np("shop", "p1", "podSelector: {}\ningress:\n- ports: [{port: 22}]\n- {}"),
                np("shop", "p2", "podSelector: {}\ningress:\n- from: [{podSelector: {}}]")));

    Evaluation verdict = Evaluator.evaluate(policies, tcp(WEB, DB, 5432));

    assertTrue(verdict.allowed());
    assertEquals(
        List.of(
            new RuleRef(new PolicyRef("shop", "p1"), Direction.INGRESS, 1),
            new RuleRef(new PolicyRef("shop", "p2"), Direction.INGRESS, 0)),
        verdict.ingress().allowedBy());
    assertEquals("shop/p1 spec.ingress[1]", verdict.ingress().allowedBy().get(0).toString());
    assertTrue(verdict.ingress().mismatches().isEmpty());
  }

  @Test
  void the_namespace_name_label_is_always_present_and_caller_labels_are_kept() {
    PodPeer plain = PodPeer.of("shop", Map.of());
    PodPeer labelled = plain.withNamespaceLabels(Map.of("team", "retail"));

    assertEquals(Map.of("kubernetes.io/metadata.name", "shop"), plain.namespaceLabels());
    assertEquals(
        Map.of("kubernetes.io/metadata.name", "shop", "team", "retail"),
        labelled.namespaceLabels());
  }

  @Test
  void pods_are_the_same_pod_by_namespace_and_name_or_else_by_ip() {
    assertTrue(WEB.isSamePodAs(pod("shop", "web")));
    assertFalse(WEB.isSamePodAs(pod("ads", "web")));
    assertFalse(WEB.isSamePodAs(WEB.withName(null)));
    PodPeer anonymous = PodPeer.of("shop", Map.of("app", "web"));
    assertFalse(anonymous.isSamePodAs(anonymous), "no name and no IP: identity unknown");
    assertTrue(anonymous.withIp("10.0.0.7").isSamePodAs(anonymous.withIp("10.0.0.7")));
  }

  @Test
  void peers_and_connections_refuse_impossible_values() {
    assertThrows(IllegalArgumentException.class, () -> Peer.ip("example.com"));
    assertThrows(IllegalArgumentException.class, () -> WEB.withIp("10.0.0.300"));
    assertThrows(IllegalArgumentException.class, () -> tcp(WEB, DB, 0));
    assertThrows(IllegalArgumentException.class, () -> tcp(WEB, DB, 65536));
  }

  @Test
  void a_policy_set_indexes_by_namespace_in_name_order() {
    PolicySet set =
        PolicySet.of(
            List.of(
                np("shop", "z", "podSelector: {}"),
                np("ads", "a", "podSelector: {}"),
                np("shop", "m", "podSelector: {}")));

    assertEquals(3, set.size());
    assertEquals(
        List.of("z", "m").stream().sorted().toList(),
        set.inNamespace("shop").stream().map(p -> p.ref().name()).toList());
    assertEquals(
        List.of("ads/a", "shop/m", "shop/z"),
        set.all().stream().map(p -> p.ref().toString()).toList());
    assertTrue(set.inNamespace("nowhere").isEmpty());
    assertTrue(set.get(new PolicyRef("ads", "a")).isPresent());
  }
}
