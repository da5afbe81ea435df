package io.netpol.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The CNI renderers on hand-built views: the peer kinds the pipeline does not produce yet too. */
class RenderersTest {

  private static PolicyView egress(String name, RuleView... rules) {
    return new PolicyView(
        "shop",
        name,
        PolicyView.Role.WORKLOAD,
        new TreeMap<>(Map.of("app", "checkout")),
        List.of(),
        List.of(rules),
        false,
        true,
        "why",
        "{\"connections\":1}\n",
        null);
  }

  private static RuleView rule(PeerView... peers) {
    return new RuleView(
        List.of(peers), List.of(new PortView(443, null, "TCP")), Map.of("rule", "egress[0]"));
  }

  private static List<ObjectNode> render(Renderer r, PolicyView... policies) {
    List<ObjectNode> out =
        r.render(new ProposalView(List.of(policies))).manifests().stream()
            .map(Manifest::object)
            .toList();
    out.forEach(o -> assertEquals(List.of(), CrdSchemas.errors(o), o.toString()));
    return out;
  }

  private static ObjectNode named(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst().get();
  }

  @Test
  void an_ipv6_only_public_rule_never_opens_ipv4_in_calico() {
    PeerView v6 = PeerView.network(PeerKind.PUBLIC_INTERNET, "::/0", List.of(), null);

    List<ObjectNode> out = render(new CalicoRenderer(), egress("a", rule(v6)));

    ObjectNode set = named(out, "GlobalNetworkSet");
    assertEquals("netpol-public-internet-ipv6", set.path("metadata").path("name").asText());
    assertEquals("[\"::/0\"]", set.path("spec").path("nets").toString());
  }

  @Test
  void a_cilium_rule_holds_one_peer_family_and_the_evidence_names_every_rule_it_became() {
    PeerView pod = PeerView.pod("payments", Map.of("app", "ledger"));
    PeerView node = PeerView.network(PeerKind.NODE, "10.0.1.5/32", List.of(), null);
    PeerView named =
        PeerView.network(
            PeerKind.WORLD, "203.0.113.10/32", List.of(), new TreeSet<>(List.of("api.stripe.com")));

    ObjectNode cnp = render(new CiliumRenderer(), egress("a", rule(pod, node, named))).get(0);

    JsonNode rules = cnp.path("spec").path("egress");
    assertEquals(3, rules.size());
    for (JsonNode r : rules) {
      List<String> l3 = new java.util.ArrayList<>();
      r.fieldNames().forEachRemaining(l3::add);
      assertEquals(2, l3.size(), r.toString()); // one peer family + toPorts
    }
    assertEquals(
        "payments",
        rules
            .get(0)
            .path("toEndpoints")
            .get(0)
            .path("matchLabels")
            .path(CiliumRenderer.NAMESPACE_LABEL)
            .asText());
    assertEquals("[\"host\",\"remote-node\"]", rules.get(1).path("toEntities").toString());
    assertEquals("api.stripe.com", rules.get(2).path("toFQDNs").get(0).path("matchName").asText());
    assertTrue(
        cnp.path("metadata")
            .path("annotations")
            .path("netpol-recommend.io/rules")
            .asText()
            .contains("\"rule\":\"egress[0],egress[1],egress[2]\""));
  }

  @Test
  void set_based_pod_selectors_and_labelled_network_sets_render_as_selectors() {
    PeerView hub =
        PeerView.pod(
            "shop",
            Map.of(),
            List.of(new PeerView.Expression("app", "In", List.of("cart", "search"))));
    PeerView set = PeerView.networkSet(null, "partners", Map.of("role", "partner"), null);

    List<ObjectNode> calico = render(new CalicoRenderer(), egress("a", rule(hub, set)));
    List<ObjectNode> cilium = render(new CiliumRenderer(), egress("a", rule(hub)));

    JsonNode rules = named(calico, "NetworkPolicy").path("spec").path("egress");
    assertEquals(
        "app in {'cart', 'search'}", rules.get(0).path("destination").path("selector").asText());
    assertEquals("role == 'partner'", rules.get(1).path("destination").path("selector").asText());
    assertEquals("global()", rules.get(1).path("destination").path("namespaceSelector").asText());
    assertEquals(
        "In",
        cilium
            .get(0)
            .path("spec")
            .path("egress")
            .get(0)
            .path("toEndpoints")
            .get(0)
            .path("matchExpressions")
            .get(0)
            .path("operator")
            .asText());
  }

  @Test
  void calico_reaches_the_api_server_as_the_kubernetes_service_without_ports() {
    PeerView api = PeerView.network(PeerKind.KUBE_APISERVER, "172.18.0.2/32", List.of(), null);

    List<ObjectNode> out = render(new CalicoRenderer(), egress("a", rule(api)));

    JsonNode destination =
        named(out, "NetworkPolicy").path("spec").path("egress").get(0).path("destination");
    assertEquals("kubernetes", destination.path("services").path("name").asText());
    // CEL rule of the CRD: ports cannot be given with services on egress rules.
    assertFalse(destination.has("ports"));
  }

  @Test
  void a_kubernetes_network_policy_becomes_a_staged_kubernetes_network_policy() {
    ObjectNode policy =
        PolicyDocuments.tree(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("default-deny")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build());

    ObjectNode staged = StagedPolicies.staged(policy);

    assertEquals("StagedKubernetesNetworkPolicy", staged.path("kind").asText());
    assertEquals("Set", staged.path("spec").path("stagedAction").asText());
    assertEquals(policy.path("spec").path("policyTypes"), staged.path("spec").path("policyTypes"));
    assertEquals(List.of(), CrdSchemas.errors(staged));
    assertEquals("NetworkPolicy", policy.path("kind").asText(), "the input is left as it was");
  }
}
