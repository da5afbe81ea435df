package io.netpol.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficGraphTest {
  private static Endpoint pod(String ns, String w) {
    return Endpoint.pod(ns, w, Map.of("app", w));
  }

  private static JudgedConnection seen(
      Endpoint client, Endpoint server, int port, LinkState state, long count) {
    Verdict v = state == LinkState.DENIED ? Verdict.DENIED : Verdict.ALLOWED;
    return new JudgedConnection(
        new ObservedConnection(client, server, port, Protocol.TCP, v, count, 1000, 2000 + port),
        state,
        "");
  }

  @Test
  void links_join_the_ports_of_one_client_server_and_state_and_sum_their_counts() {
    Endpoint api = pod("shop", "api");
    Endpoint db = pod("shop", "db");
    TrafficGraph g =
        TrafficGraph.of(
            List.of(
                seen(api, db, 5432, LinkState.ALLOWED, 3),
                seen(api, db, 6432, LinkState.ALLOWED, 4),
                seen(api, db, 9999, LinkState.DENIED, 1)),
            300);
    assertEquals(2, g.links().size());
    TrafficGraph.Link allowed = g.links().get(0);
    assertEquals(List.of("5432/TCP", "6432/TCP"), allowed.ports());
    assertEquals(7, allowed.count());
    assertEquals("5432/TCP, 6432/TCP · 7", allowed.label());
    assertEquals(8432, allowed.lastSeenMs());
    assertEquals(LinkState.DENIED, g.links().get(1).state());
    assertEquals(List.of(new TrafficGraph.Group("g1", "shop")), g.groups());
  }

  @Test
  void peers_outside_the_pod_network_are_nodes_of_their_own_kind_outside_any_namespace() {
    Endpoint api = pod("shop", "api");
    TrafficGraph g =
        TrafficGraph.of(
            List.of(
                seen(
                    api,
                    Endpoint.world("203.0.113.9", Set.of("pay.example")),
                    443,
                    LinkState.ALLOWED,
                    1),
                seen(api, Endpoint.network(null, "pub", null), 443, LinkState.ALLOWED, 1),
                seen(api, Endpoint.apiserver("10.96.0.1"), 443, LinkState.ALLOWED, 1),
                seen(Endpoint.host("10.0.0.5", null), api, 8080, LinkState.ALLOWED, 1),
                seen(Endpoint.ownNodeHost(), api, 8080, LinkState.ALLOWED, 1)),
            300);
    Map<String, NodeKind> kinds = new java.util.TreeMap<>();
    g.nodes().forEach(n -> kinds.put(n.label(), n.kind()));
    assertEquals(
        Map.of(
            "api", NodeKind.WORKLOAD,
            "pay.example", NodeKind.WORLD,
            "public networks", NodeKind.PUBLIC,
            "kube-apiserver", NodeKind.APISERVER,
            "cluster nodes", NodeKind.NODE,
            "own node (kubelet)", NodeKind.NODE),
        kinds);
    g.nodes().stream()
        .filter(n -> n.kind() != NodeKind.WORKLOAD)
        .forEach(n -> assertEquals(null, n.group(), n.toString()));
  }

  @Test
  void beyond_the_limit_workloads_collapse_into_their_namespaces() {
    List<JudgedConnection> connections = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      connections.add(
          seen(pod("a", "client" + i), pod("b", "server" + i), 80, LinkState.ALLOWED, 1));
    }
    TrafficGraph wide = TrafficGraph.of(connections, 10);
    assertFalse(wide.collapsed());
    assertEquals(10, wide.nodes().size());
    TrafficGraph narrow = TrafficGraph.of(connections, 9);
    assertTrue(narrow.collapsed());
    assertEquals(10, narrow.workloads());
    assertEquals(List.of("a", "b"), narrow.nodes().stream().map(TrafficGraph.Node::label).toList());
    assertEquals(1, narrow.links().size());
    assertEquals(5, narrow.links().get(0).count());
    assertTrue(narrow.groups().isEmpty());
  }

  @Test
  void many_internet_peers_become_one_internet_node() {
    List<JudgedConnection> connections = new ArrayList<>();
    for (int i = 1; i <= TrafficGraph.WORLD_NODES + 1; i++) {
      connections.add(
          seen(
              pod("a", "app"), Endpoint.world("198.51.100." + i, null), 443, LinkState.ALLOWED, 1));
    }
    TrafficGraph g = TrafficGraph.of(connections, 300);
    assertEquals(
        List.of("app", "internet"), g.nodes().stream().map(TrafficGraph.Node::label).toList());
    assertTrue(g.nodes().get(1).title().contains("198.51.100.13"), g.nodes().get(1).title());
  }
}
