package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage 2a: every address known for peers the flow logs may not address (nodes, the API server,
 * network sets, named networks), from the flow logs, the cluster ({@code --cluster}) and the user
 * ({@code --peer-cidr}), and the ranges the internet rules leave out.
 */
final class AddressBook {

  /** An address and where it came from. */
  record Address(IpNetwork network, AddressOrigin origin) {}

  /** RFC 1918, RFC 6598 (shared address space, used for pods by some clusters), IPv6 ULA. */
  static final List<String> PRIVATE_V4 =
      List.of("10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16");

  static final List<String> PRIVATE_V6 = List.of("fc00::/7");

  /** Link-local (cloud metadata services live at 169.254.169.254) and loopback. */
  static final List<String> LOCAL_V4 = List.of("127.0.0.0/8", "169.254.0.0/16");

  static final List<String> LOCAL_V6 = List.of("::1/128", "fe80::/10");

  /**
   * Ports that, on a private address, mean a node when the cluster is known: kubelet (10250,
   * 10255), kube-proxy (10249, 10256), node-exporter (9100); plus every port seen towards a node in
   * the flow logs.
   */
  static final Set<Integer> NODE_PORTS = Set.of(9100, 10249, 10250, 10255, 10256);

  /** {@code --peer-cidr} names that add node and API server addresses. */
  static final String NODES = "nodes";

  static final String API_SERVER = "apiserver";

  private static final Comparator<Address> ORDER = Comparator.comparing(Address::network);

  private final SortedMap<String, Address> nodes = new TreeMap<>();
  private final SortedMap<String, Address> apiServer = new TreeMap<>();
  private final Set<Integer> apiServerPorts = new TreeSet<>();
  private final Set<Integer> nodePorts = new TreeSet<>(NODE_PORTS);
  private final Map<String, List<Address>> networkSets = new TreeMap<>();
  private final Map<String, List<Address>> named = new TreeMap<>();
  private final SortedSet<String> clusterRanges = new TreeSet<>();
  private final boolean clusterKnown;
  private boolean ipv6;

  private AddressBook(boolean clusterKnown) {
    this.clusterKnown = clusterKnown;
  }

  static AddressBook of(
      List<ObservedConnection> connections, ClusterFacts cluster, RecommendOptions options) {
    AddressBook book = new AddressBook(cluster.known());
    for (ObservedConnection c : connections) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        IpNetwork ip = e.ip() == null ? null : IpNetwork.host(e.ip());
        if (ip == null) {
          continue;
        }
        book.ipv6 |= !ip.isIpv4();
        if (e.kind() == EndpointKind.HOST) {
          book.nodes.putIfAbsent(ip.text(), new Address(ip, AddressOrigin.FLOWS));
        } else if (e.kind() == EndpointKind.APISERVER) {
          book.apiServer.putIfAbsent(ip.text(), new Address(ip, AddressOrigin.FLOWS));
        }
      }
      if (c.server().kind() == EndpointKind.APISERVER) {
        book.apiServerPorts.add(c.port());
      } else if (c.server().kind() == EndpointKind.HOST && !c.server().ownNode()) {
        book.nodePorts.add(c.port());
      }
    }
    for (ClusterFacts.Node n : cluster.nodes()) {
      for (String a : n.addresses()) {
        book.put(book.nodes, a, AddressOrigin.CLUSTER);
      }
      for (String cidr : n.podCidrs()) {
        IpNetwork net = IpNetwork.parse(cidr);
        if (net != null) {
          book.clusterRanges.add(net.text());
        }
      }
    }
    for (ClusterFacts.ApiServerEndpoint a : cluster.apiServer()) {
      book.put(book.apiServer, a.address(), AddressOrigin.CLUSTER);
      book.apiServerPorts.add(a.port());
    }
    for (ClusterFacts.NetworkSet s : cluster.networkSets()) {
      List<Address> nets = new ArrayList<>();
      for (String cidr : s.nets()) {
        IpNetwork net = IpNetwork.parse(cidr);
        if (net != null) {
          nets.add(new Address(net, AddressOrigin.CLUSTER));
        }
      }
      book.networkSets.put(s.key(), nets);
    }
    options
        .peerCidrs()
        .forEach(
            (name, cidrs) -> {
              List<Address> nets = new ArrayList<>();
              for (String cidr : cidrs) {
                IpNetwork net = IpNetwork.parse(cidr);
                if (net != null) {
                  nets.add(new Address(net, AddressOrigin.USER));
                }
              }
              if (name.equals(NODES)) {
                nets.forEach(a -> book.nodes.putIfAbsent(a.network().text(), a));
              } else if (name.equals(API_SERVER)) {
                nets.forEach(a -> book.apiServer.putIfAbsent(a.network().text(), a));
              } else {
                book.named.put(name, nets);
              }
            });
    return book;
  }

  private void put(SortedMap<String, Address> into, String address, AddressOrigin origin) {
    IpNetwork ip = IpNetwork.host(address);
    if (ip != null) {
      ipv6 |= !ip.isIpv4();
      into.putIfAbsent(ip.text(), new Address(ip, origin));
    }
  }

  /** Every node address known, sorted. */
  List<Address> nodes() {
    return sorted(nodes.values());
  }

  /** Every API server endpoint address known, sorted. */
  List<Address> apiServer() {
    return sorted(apiServer.values());
  }

  boolean isApiServerPort(int port) {
    return apiServerPorts.contains(port);
  }

  boolean isNodePort(int port) {
    return nodePorts.contains(port);
  }

  /**
   * The nets of a network (a NetworkSet {@code namespace/name} or global {@code name}, {@code pvt},
   * a host endpoint name): the user's {@code --peer-cidr} first, else the cluster's; empty when
   * unknown.
   */
  List<Address> network(String namespace, String name) {
    String key = namespace == null ? name : namespace + "/" + name;
    for (String k : namespace == null ? List.of(key) : List.of(key, name)) {
      if (named.containsKey(k)) {
        return named.get(k);
      }
    }
    return networkSets.getOrDefault(key, List.of());
  }

  /** Whether {@code --cluster} said anything. */
  boolean clusterKnown() {
    return clusterKnown;
  }

  /** Whether any IPv6 address was seen (flows or cluster). */
  boolean ipv6Seen() {
    return ipv6;
  }

  /**
   * What an internet rule of one family leaves out: private, link-local and loopback ranges, the
   * cluster's pod ranges and node addresses outside those.
   */
  List<String> internetExcept(boolean v4) {
    List<IpNetwork> out = new ArrayList<>();
    for (String cidr : v4 ? concat(PRIVATE_V4, LOCAL_V4) : concat(PRIVATE_V6, LOCAL_V6)) {
      out.add(IpNetwork.parse(cidr));
    }
    List<IpNetwork> own = new ArrayList<>();
    clusterRanges.forEach(r -> own.add(IpNetwork.parse(r)));
    nodes.values().forEach(a -> own.add(a.network()));
    apiServer.values().forEach(a -> own.add(a.network()));
    for (IpNetwork n : own) {
      if (n.isIpv4() == v4 && out.stream().noneMatch(o -> o.contains(n))) {
        out.add(n);
      }
    }
    out.sort(null);
    return out.stream().map(IpNetwork::text).toList();
  }

  /** Link-local and loopback ranges of one family (left out of every broad range). */
  List<String> localExcept(boolean v4) {
    return v4 ? LOCAL_V4 : LOCAL_V6;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<Address> sorted(java.util.Collection<Address> addresses) {
    List<Address> out = new ArrayList<>(addresses);
    out.sort(ORDER);
    return out;
  }
}
