package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class PeerClassifierTest {
  static final Endpoint GW = Endpoint.pod("edge", "gateway", Map.of("app", "gateway"));
  static final Endpoint WEB = Endpoint.pod("shop", "web", Map.of("app", "web"));

  static ObservedConnection conn(Endpoint a, Endpoint b, int port) {
    return new ObservedConnection(a, b, port, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
  }

  static PeerClassifier.Classification classify(
      RecommendOptions options, ClusterFacts cluster, List<ObservedConnection> cs) {
    Identities ids = Identities.of(RecommendInput.of(cs), options);
    AddressBook book = AddressBook.of(ids.connections(), cluster, options);
    return PeerClassifier.classify(ids, book, options, Map.of());
  }

  static SortedMap<PeerClass, PeerEvidence> side(
      PeerClassifier.Classification c, Endpoint w, boolean ingress) {
    return c.rules().get(new PeerClassifier.Side(w.workloadKey(), ingress));
  }

  @Test
  void a_port_with_many_public_clients_serves_the_internet_and_one_with_few_keeps_addresses() {
    List<ObservedConnection> cs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      cs.add(conn(Endpoint.world("198.51.100." + i, null), GW, 8443));
    }
    cs.add(conn(Endpoint.world("192.0.2.50", null), GW, 9901));
    var c = classify(RecommendOptions.defaults(), ClusterFacts.NONE, cs);
    assertEquals(
        Set.of(new PeerClass.Internet(false), new PeerClass.World(IpNetwork.parse("192.0.2.50"))),
        side(c, GW, true).keySet());
    assertTrue(
        side(c, GW, true)
            .get(new PeerClass.Internet(false))
            .notes()
            .first()
            .contains("10 distinct"));
    var off = classify(RecommendOptions.defaults().withPublicClients(0), ClusterFacts.NONE, cs);
    assertEquals(11, side(off, GW, true).size(), "--public-clients 0 keeps every address");
  }

  @Test
  void calicos_aggregated_pub_on_a_server_port_serves_the_internet() {
    var c =
        classify(
            RecommendOptions.defaults(),
            ClusterFacts.NONE,
            List.of(conn(Endpoint.world(null, null), GW, 8443)));
    assertEquals(Set.of(new PeerClass.Internet(false)), side(c, GW, true).keySet());
  }

  @Test
  void peers_without_addresses_are_broad_or_dropped_as_asked() {
    List<ObservedConnection> cs =
        List.of(
            conn(WEB, Endpoint.world(null, null), 443),
            conn(WEB, Endpoint.network(null, "pvt", null), 5432),
            conn(WEB, Endpoint.network(null, "corp-vpn", null), 22));
    var broad = classify(RecommendOptions.defaults(), ClusterFacts.NONE, cs);
    assertEquals(
        Set.of(
            new PeerClass.Internet(true),
            new PeerClass.Private("pvt", null),
            new PeerClass.NetworkSet(null, "corp-vpn", null)),
        side(broad, WEB, false).keySet());
    side(broad, WEB, false)
        .values()
        .forEach(
            e -> assertTrue(e.notes().first().startsWith("broad because"), e.notes()::toString));
    var dropped =
        classify(
            RecommendOptions.defaults().withUnknownPeers(RecommendOptions.UnknownPeers.DROP),
            ClusterFacts.NONE,
            cs);
    assertEquals(3, dropped.flagged().size());
    assertTrue(dropped.rules().isEmpty());
  }

  @Test
  void with_the_cluster_a_private_peer_on_the_api_server_or_a_node_port_is_that() {
    ClusterFacts cluster =
        new ClusterFacts(
            List.of(new ClusterFacts.Node("a", List.of("172.18.0.11"), List.of())),
            List.of(new ClusterFacts.ApiServerEndpoint("172.18.0.2", 6443)),
            List.of());
    var c =
        classify(
            RecommendOptions.defaults(),
            cluster,
            List.of(
                conn(WEB, Endpoint.network(null, "pvt", null), 6443),
                conn(WEB, Endpoint.network(null, "pvt", null), 9100),
                conn(WEB, Endpoint.network(null, "pvt", null), 5432)));
    assertEquals(
        Set.of(
            new PeerClass.ApiServer(), new PeerClass.Nodes(), new PeerClass.Private("pvt", null)),
        side(c, WEB, false).keySet());
  }

  @Test
  void traffic_with_the_pods_own_node_needs_no_rule_and_other_nodes_mean_every_node() {
    var c =
        classify(
            RecommendOptions.defaults(),
            ClusterFacts.NONE,
            List.of(
                conn(Endpoint.ownNodeHost(), WEB, 8080),
                conn(WEB, Endpoint.host("172.18.0.12", null), 9100),
                conn(WEB, Endpoint.host("172.18.0.13", null), 9100)));
    assertEquals(Set.of(new PeerClass.Nodes()), side(c, WEB, false).keySet());
    assertTrue(side(c, WEB, true) == null);
    assertEquals(3, c.covered().get("shop").edges());
  }

  @Test
  void denied_audit_weak_and_icmp_connections_never_become_rules() {
    var c =
        classify(
            RecommendOptions.defaults().withMinCount(2),
            ClusterFacts.NONE,
            List.of(
                new ObservedConnection(WEB, GW, 80, Protocol.TCP, Verdict.DENIED, 5, 1, 2),
                new ObservedConnection(WEB, GW, 81, Protocol.TCP, Verdict.AUDIT, 5, 1, 2),
                new ObservedConnection(WEB, GW, 0, Protocol.ICMP, Verdict.ALLOWED, 5, 1, 2),
                new ObservedConnection(WEB, GW, 82, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2)));
    assertTrue(c.rules().isEmpty());
    assertEquals(
        List.of(PeerClassifier.ICMP, PeerClassifier.DENIED, PeerClassifier.AUDIT),
        c.flagged().stream().map(Review.Flagged::reason).toList());
    assertEquals(1, c.dropped().size());
  }

  @Test
  void a_garbage_address_is_reported_not_taken_for_the_internet() {
    var c =
        classify(
            RecommendOptions.defaults(),
            ClusterFacts.NONE,
            List.of(conn(WEB, Endpoint.world("not-an-ip", null), 443)));
    assertTrue(c.flagged().get(0).reason().startsWith(PeerClassifier.NOT_AN_ADDRESS));
    assertEquals(Set.of(new WorkloadKey("shop", "web")), c.active());
  }
}
