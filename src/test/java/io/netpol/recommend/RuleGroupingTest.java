package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleGroupingTest {
  static final Endpoint HUB = Endpoint.pod("platform", "auth", Map.of("app", "auth"));

  static ObservedConnection conn(Endpoint a, Endpoint b, int port) {
    return new ObservedConnection(a, b, port, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
  }

  static List<ProposedRule> ingressOfHub(RecommendOptions options, List<ObservedConnection> cs) {
    Identities ids = Identities.of(RecommendInput.of(cs), options);
    AddressBook book = AddressBook.of(ids.connections(), ClusterFacts.NONE, options);
    var c = PeerClassifier.classify(ids, book, options, Map.of());
    return new RuleGrouping(ids, new PeerAddresses(book), options.grouping())
        .rules(c.rules().get(new PeerClassifier.Side(HUB.workloadKey(), true)));
  }

  static List<ObservedConnection> clients(String ns, int n, int port) {
    List<ObservedConnection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(conn(Endpoint.pod(ns, "svc-" + i, Map.of("app", "svc-" + i, "team", ns)), HUB, port));
    }
    return out;
  }

  @Test
  void peers_with_the_same_ports_share_one_rule_and_a_namespace_one_in_selector() {
    List<ObservedConnection> cs = new ArrayList<>(clients("team-a", 50, 8443));
    cs.addAll(clients("team-b", 3, 8443));
    cs.add(conn(Endpoint.pod("team-c", "admin", Map.of("app", "admin")), HUB, 9000));
    List<ProposedRule> rules = ingressOfHub(RecommendOptions.defaults(), cs);
    assertEquals(2, rules.size());
    ProposedRule first = rules.get(0);
    assertEquals(List.of(new ProposedPort(8443, Protocol.TCP)), first.ports());
    assertEquals(2, first.peers().size(), "one peer per namespace");
    ProposedPeer a = first.peers().get(0);
    assertEquals("team-a", a.namespace());
    assertEquals("app", a.selector().inKey());
    assertEquals(50, a.selector().inValues().size());
    assertEquals(50, a.workloads().size());
    assertEquals(53, first.observed().size());
    assertEquals(53, first.evidence().edges());
  }

  @Test
  void an_in_selector_that_would_select_another_workload_is_not_used() {
    List<ObservedConnection> cs = new ArrayList<>(clients("team-a", 2, 8443));
    // Sees the hub on another port and carries the group's app and team values: no exact In.
    cs.add(
        conn(
            Endpoint.pod(
                "team-a", "svc-0-debug", Map.of("app", "svc-0", "debug", "true", "team", "team-a")),
            HUB,
            22));
    List<ProposedRule> rules = ingressOfHub(RecommendOptions.defaults(), cs);
    assertTrue(
        rules.get(1).peers().stream().allMatch(p -> p.selector().inKey() == null),
        rules.get(1).peers()::toString);
  }

  @Test
  void group_namespace_allows_the_namespace_only_when_every_workload_seen_there_is_a_peer() {
    List<ObservedConnection> cs = new ArrayList<>(clients("team-a", 4, 8443));
    cs.addAll(clients("team-b", 4, 8443));
    cs.add(conn(Endpoint.pod("team-b", "other", Map.of("app", "other")), HUB, 9000));
    List<ProposedRule> rules =
        ingressOfHub(
            RecommendOptions.defaults().withGrouping(RecommendOptions.Grouping.NAMESPACE), cs);
    List<ProposedPeer> peers = rules.get(0).peers();
    assertEquals(PeerKind.NAMESPACE, peers.get(0).kind());
    assertEquals("team-a", peers.get(0).namespace());
    assertEquals(PeerKind.POD, peers.get(1).kind(), "team-b has a workload that is no client");
    assertTrue(
        rules.get(0).notes().get(0).contains("opens the door"), rules.get(0).notes()::toString);
  }

  @Test
  void every_node_known_is_a_peer_of_a_node_bound_rule() {
    Endpoint web = Endpoint.pod("shop", "web", Map.of("app", "web"));
    Identities ids =
        Identities.of(
            RecommendInput.of(
                List.of(
                    conn(web, Endpoint.host("172.18.0.12", null), 9100),
                    conn(
                        Endpoint.pod("shop", "x", Map.of("app", "x")),
                        Endpoint.host("172.18.0.13", null),
                        22))),
            RecommendOptions.defaults());
    AddressBook book =
        AddressBook.of(ids.connections(), ClusterFacts.NONE, RecommendOptions.defaults());
    var c = PeerClassifier.classify(ids, book, RecommendOptions.defaults(), Map.of());
    List<ProposedRule> rules =
        new RuleGrouping(ids, new PeerAddresses(book), RecommendOptions.Grouping.WORKLOAD)
            .rules(c.rules().get(new PeerClassifier.Side(web.workloadKey(), false)));
    assertEquals(
        List.of("172.18.0.12/32", "172.18.0.13/32"),
        rules.get(0).peers().stream().map(ProposedPeer::cidr).toList());
    assertTrue(rules.get(0).peers().stream().allMatch(p -> p.kind() == PeerKind.NODE));
  }
}
