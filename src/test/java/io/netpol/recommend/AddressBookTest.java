package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AddressBookTest {
  static final Endpoint POD = Endpoint.pod("shop", "web", Map.of("app", "web"));

  static ObservedConnection conn(Endpoint a, Endpoint b, int port) {
    return new ObservedConnection(a, b, port, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
  }

  @Test
  void node_and_api_server_addresses_come_from_the_flows_the_cluster_and_the_user() {
    AddressBook book =
        AddressBook.of(
            List.of(
                conn(POD, Endpoint.host("172.18.0.12", null), 9100),
                conn(POD, Endpoint.apiserver("172.18.0.2"), 6443)),
            new ClusterFacts(
                List.of(
                    new ClusterFacts.Node("a", List.of("172.18.0.11", "172.18.0.12"), List.of())),
                List.of(new ClusterFacts.ApiServerEndpoint("172.18.0.3", 6443)),
                List.of()),
            RecommendOptions.defaults()
                .withPeerCidrs(new TreeMap<>(Map.of("nodes", List.of("10.0.5.0/24")))));
    assertEquals(
        List.of(
            new AddressBook.Address(IpNetwork.parse("10.0.5.0/24"), AddressOrigin.USER),
            new AddressBook.Address(IpNetwork.parse("172.18.0.11/32"), AddressOrigin.CLUSTER),
            new AddressBook.Address(IpNetwork.parse("172.18.0.12/32"), AddressOrigin.FLOWS)),
        book.nodes());
    assertEquals(2, book.apiServer().size());
    assertTrue(book.isApiServerPort(6443));
    assertTrue(book.isNodePort(9100) && book.isNodePort(10250));
    assertTrue(book.clusterKnown());
  }

  @Test
  void the_internet_leaves_out_private_link_local_and_the_clusters_own_public_ranges() {
    AddressBook book =
        AddressBook.of(
            List.of(conn(POD, Endpoint.host("198.51.100.7", null), 10250)),
            new ClusterFacts(
                List.of(new ClusterFacts.Node("a", List.of("10.0.0.4"), List.of("203.0.113.0/24"))),
                List.of(),
                List.of()),
            RecommendOptions.defaults());
    assertEquals(
        List.of(
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "198.51.100.7/32",
            "203.0.113.0/24"),
        book.internetExcept(true));
    assertEquals(List.of("::1/128", "fc00::/7", "fe80::/10"), book.internetExcept(false));
  }

  @Test
  void a_network_is_known_by_the_users_cidrs_first_then_the_clusters_sets() {
    AddressBook book =
        AddressBook.of(
            List.of(),
            new ClusterFacts(
                List.of(),
                List.of(),
                List.of(
                    new ClusterFacts.NetworkSet(null, "corp-vpn", List.of("10.8.0.0/16")),
                    new ClusterFacts.NetworkSet("shop", "partners", List.of("192.0.2.0/24")))),
            RecommendOptions.defaults()
                .withPeerCidrs(new TreeMap<>(Map.of("pvt", List.of("10.20.0.0/16")))));
    assertEquals("10.8.0.0/16", book.network(null, "corp-vpn").get(0).network().text());
    assertEquals("192.0.2.0/24", book.network("shop", "partners").get(0).network().text());
    assertEquals(AddressOrigin.USER, book.network(null, "pvt").get(0).origin());
    assertTrue(book.network(null, "unknown").isEmpty());
  }
}
