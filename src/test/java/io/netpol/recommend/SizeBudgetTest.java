package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Peer;
import io.netpol.policy.PolicySet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeBudgetTest {
  static final Endpoint HUB =
      Endpoint.pod("platform", "auth", Map.of("app.kubernetes.io/name", "auth"));
  static final ObjectMapper JSON = new ObjectMapper();

  /** 5,000 client workloads, each in a namespace of its own: no peer can share a selector. */
  static List<ObservedConnection> hub(int clients) {
    List<ObservedConnection> out = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Endpoint c =
          Endpoint.pod(
              String.format("tenant-%05d", i),
              "client",
              Map.of(
                  "app.kubernetes.io/name", "client", "app.kubernetes.io/instance", "tenant-" + i));
      out.add(
          new ObservedConnection(
              c, HUB, 8443, Protocol.TCP, Verdict.ALLOWED, 1 + i % 9, 1_000 + i, 2_000 + i));
      out.add(
          new ObservedConnection(
              c,
              Endpoint.world("198.51.100." + (i % 250), null),
              443,
              Protocol.TCP,
              Verdict.ALLOWED,
              1,
              1,
              2));
    }
    return out;
  }

  @Test
  void no_object_exceeds_the_api_servers_limits_at_5000_peers() throws Exception {
    Proposal p =
        Recommender.propose(
            RecommendInput.of(hub(5000)),
            RecommendOptions.defaults().withNamespaces(java.util.Set.of("platform")));
    List<NetworkPolicy> ingress =
        p.policies().get("platform").stream()
            .filter(x -> x.getMetadata().getName().contains("auth-ingress"))
            .toList();
    assertTrue(
        ingress.size() > 1, "5,000 namespaced peers do not fit one object: " + ingress.size());
    int peers = 0;
    for (NetworkPolicy policy : p.all()) {
      byte[] json = JSON.writeValueAsBytes(policy);
      assertTrue(json.length <= 1024 * 1024, policy.getMetadata().getName() + ": " + json.length);
      int annotations = 0;
      for (var e : policy.getMetadata().getAnnotations().entrySet()) {
        annotations += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
      assertTrue(annotations <= 256 * 1024, policy.getMetadata().getName() + ": " + annotations);
    }
    for (NetworkPolicy policy : ingress) {
      peers += policy.getSpec().getIngress().stream().mapToInt(r -> r.getFrom().size()).sum();
      assertTrue(
          policy.getMetadata().getAnnotations().get(Proposal.RULES).contains("morePeers"),
          "evidence is summarised");
    }
    assertEquals(5000, peers, "the parts hold every client, once");
    // The parts allow exactly what one policy would: every client, and no one else.
    PolicySet set = PolicySet.of(p.all());
    for (int i : new int[] {0, 2499, 4999}) {
      Peer client =
          Peer.pod(
              String.format("tenant-%05d", i),
              Map.of(
                  "app.kubernetes.io/name", "client", "app.kubernetes.io/instance", "tenant-" + i));
      Peer hub = Peer.pod("platform", Map.of("app.kubernetes.io/name", "auth"));
      assertTrue(
          Evaluator.evaluate(
                  set, new Connection(client, hub, 8443, io.netpol.policy.PortProtocol.TCP))
              .allowed());
      assertTrue(
          !Evaluator.evaluate(
                  set, new Connection(client, hub, 8444, io.netpol.policy.PortProtocol.TCP))
              .allowed());
    }
  }

  @Test
  void a_rule_too_large_is_cut_into_rules_with_the_same_ports_and_its_evidence_shared_out() {
    Proposal p =
        Recommender.propose(
            RecommendInput.of(hub(300)),
            RecommendOptions.defaults().withNamespaces(java.util.Set.of("platform")));
    ProposedRule whole =
        p.proposed().get("platform").stream()
            .filter(x -> x.name().endsWith("auth-ingress"))
            .findFirst()
            .orElseThrow()
            .ingress()
            .get(0);
    List<List<ProposedRule>> parts = new SizeBudget(10_000).split("platform", List.of(whole));
    assertTrue(parts.size() > 2, "parts: " + parts.size());
    long connections = 0;
    int observed = 0;
    for (List<ProposedRule> part : parts) {
      long size = part.stream().mapToLong(r -> SizeBudget.size("platform", r)).sum();
      assertTrue(size <= 10_000, "part of " + size);
      for (ProposedRule r : part) {
        assertEquals(whole.ports(), r.ports());
        connections += r.evidence().connections();
        observed += r.observed().size();
        r.observed()
            .forEach(
                o ->
                    assertTrue(
                        r.peers().stream().anyMatch(x -> x.workloads().contains(o.workload()))));
      }
    }
    assertEquals(whole.evidence().connections(), connections);
    assertEquals(whole.observed().size(), observed);
  }

  @Test
  void size_estimates_are_upper_bounds_of_the_json() throws Exception {
    Proposal p =
        Recommender.propose(
            RecommendInput.of(hub(200)),
            RecommendOptions.defaults().withNamespaces(java.util.Set.of("platform")));
    for (ProposedPolicy policy : p.proposed().get("platform")) {
      NetworkPolicy rendered = policy.toNetworkPolicy();
      for (int i = 0; i < policy.ingress().size(); i++) {
        assertTrue(
            SizeBudget.size("platform", policy.ingress().get(i))
                >= JSON.writeValueAsBytes(rendered.getSpec().getIngress().get(i)).length);
      }
      for (int i = 0; i < policy.egress().size(); i++) {
        assertTrue(
            SizeBudget.size("platform", policy.egress().get(i))
                >= JSON.writeValueAsBytes(rendered.getSpec().getEgress().get(i)).length);
      }
    }
  }
}
