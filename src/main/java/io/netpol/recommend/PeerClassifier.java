package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.IpAddresses;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage 2b: what each allowed connection in scope needs. Per side in scope, the remote end is
 * classified (a workload, every node, the API server, the internet, one address, a private network,
 * a network set) and its evidence recorded under the workload's ingress or egress; what no rule can
 * express, and what is denied, weak or old, goes to the review.
 */
final class PeerClassifier {

  static final String DENIED = "denied by a policy in force; not turned into an allow rule";
  static final String AUDIT =
      "a staged or audit-mode policy would deny it; not turned into an allow rule";
  static final String ICMP = "ICMP cannot be allowed by a NetworkPolicy";
  static final String NO_LABELS = "no stable labels were observed on the pods of ";
  static final String NOT_AN_ADDRESS = "the flow log's address is not an IP address: ";
  static final String SERVICE_ONLY = "only the Service is known, not the pods behind it: ";
  static final String UNKNOWN_ADDRESS =
      "address unknown (--unknown-peers drop), no ipBlock proposed: ";

  /** Why a rule is broad: the reason and the options that narrow it. */
  static final String BROAD =
      "broad because the flow logs carry no address; narrow it with --cluster, --peer-cidr %s=CIDR,"
          + " or --unknown-peers drop";

  static final String PUBLIC =
      "public endpoint: %,d distinct public client addresses on %s (--public-clients %d); open to"
          + " the internet so tomorrow's clients are not denied";
  static final String PUBLIC_AGGREGATED =
      "public endpoint: Calico reports its clients only as the aggregated pub network on %s; open"
          + " to the internet (--public-clients 0 treats it as an unknown peer)";
  static final String ANY_WORLD = "--allow-any-world: any internet address on the observed ports";
  static final String EVERY_NODE =
      "every node address known (%d), so a rescheduled pod keeps working";
  static final String API_SERVER =
      "the API server endpoints known (%d); managed clusters may change them: re-run propose after"
          + " a control-plane change";
  static final String PVT_API_SERVER =
      "a private network on the API server's port: the API server endpoints read from the cluster";
  static final String PVT_NODES =
      "a private network on a node port: the node addresses read from the cluster";
  static final String MANY_PUBLIC_SERVERS =
      "%s reached %,d public addresses on %s: each is allowed as a /32 and a new address will be"
          + " denied (--allow-any-world allows the port to the internet; the cilium output can use"
          + " the DNS names)";

  private static final int DNS_PORT = 53;

  /** A workload's ingress or egress. */
  record Side(WorkloadKey workload, boolean ingress) implements Comparable<Side> {
    @Override
    public int compareTo(Side o) {
      int c = workload.compareTo(o.workload);
      return c != 0 ? c : Boolean.compare(o.ingress, ingress);
    }
  }

  /** The stage's output. */
  record Classification(
      SortedMap<Side, SortedMap<PeerClass, PeerEvidence>> rules,
      SortedSet<WorkloadKey> dnsServers,
      SortedMap<String, Evidence> dnsEvidence,
      SortedMap<String, Evidence> covered,
      SortedSet<WorkloadKey> active,
      List<Review.Dropped> dropped,
      List<Review.Flagged> flagged,
      List<String> notes) {}

  private final Identities ids;
  private final AddressBook book;
  private final RecommendOptions options;
  private final Map<ObservedConnection, ? extends Collection<String>> sources;

  // Hashed while classifying (100,000s of lookups), sorted once at the end.
  private final Map<Side, SortedMap<PeerClass, PeerEvidence>> rules = new HashMap<>();
  private final SortedSet<WorkloadKey> dnsServers = new TreeSet<>();
  private final SortedMap<String, Evidence> dnsEvidence = new TreeMap<>();
  private final SortedMap<String, Evidence> covered = new TreeMap<>();
  private final Set<WorkloadKey> active = new HashSet<>();
  private final List<Review.Dropped> dropped = new ArrayList<>();
  private final List<Review.Flagged> flagged = new ArrayList<>();

  /** Per server port in scope: distinct public client addresses, and where pub was seen. */
  private final Map<List<Object>, Set<String>> publicClients = new HashMap<>();

  private final Set<List<Object>> aggregatedPublic = new HashSet<>();

  /** Shared values: one port object per port, one name per endpoint (large proposals). */
  private final Map<List<Object>, ProposedPort> ports = new HashMap<>();

  private final Map<Endpoint, String> names = new HashMap<>();
  private final Map<List<Object>, Set<String>> publicServers = new HashMap<>();

  private PeerClassifier(
      Identities ids,
      AddressBook book,
      RecommendOptions options,
      Map<ObservedConnection, ? extends Collection<String>> sources) {
    this.ids = ids;
    this.book = book;
    this.options = options;
    this.sources = sources;
  }

  static Classification classify(
      Identities ids,
      AddressBook book,
      RecommendOptions options,
      Map<ObservedConnection, ? extends Collection<String>> sources) {
    return new PeerClassifier(ids, book, options, sources).run();
  }

  private Classification run() {
    for (ObservedConnection c : ids.connections()) {
      if (c.verdict() == Verdict.ALLOWED && isDns(c) && ids.selectable(c.server().workloadKey())) {
        dnsServers.add(c.server().workloadKey());
      }
      countPublic(c);
    }
    ids.connections().forEach(this::classify);
    return new Classification(
        new TreeMap<>(rules),
        dnsServers,
        dnsEvidence,
        covered,
        new TreeSet<>(active),
        dropped,
        flagged,
        notes());
  }

  /** Counts distinct public clients per server port in scope, and public servers per client. */
  private void countPublic(ObservedConnection c) {
    if (c.verdict() != Verdict.ALLOWED) {
      return;
    }
    if (ids.inScope(c.server()) && c.client().kind() == EndpointKind.WORLD) {
      List<Object> key = List.of(c.server().workloadKey(), c.port(), c.protocol());
      if (c.client().ip() == null) {
        aggregatedPublic.add(key);
      } else if (!IpAddresses.isPrivate(c.client().ip())) {
        publicClients.computeIfAbsent(key, k -> new HashSet<>()).add(c.client().ip());
      }
    }
    if (ids.inScope(c.client())
        && c.server().kind() == EndpointKind.WORLD
        && c.server().ip() != null) {
      publicServers
          .computeIfAbsent(
              List.of(c.client().workloadKey(), c.port(), c.protocol()), k -> new TreeSet<>())
          .add(c.server().ip());
    }
  }

  private List<String> notes() {
    List<String> out = new ArrayList<>();
    if (options.publicClients() > 0 && !options.allowAnyWorld()) {
      new TreeMap<>(
              publicServers.entrySet().stream()
                  .filter(e -> e.getValue().size() >= options.publicClients())
                  .collect(
                      java.util.stream.Collectors.toMap(
                          e ->
                              e.getKey().get(0) + " " + e.getKey().get(1) + "/" + e.getKey().get(2),
                          e -> e)))
          .forEach(
              (k, e) ->
                  out.add(
                      String.format(
                          MANY_PUBLIC_SERVERS,
                          e.getKey().get(0),
                          e.getValue().size(),
                          e.getKey().get(1) + "/" + e.getKey().get(2))));
    }
    return out;
  }

  private static boolean isDns(ObservedConnection c) {
    return c.server().kind() == EndpointKind.POD
        && c.port() == DNS_PORT
        && (c.protocol() == Protocol.UDP || c.protocol() == Protocol.TCP);
  }

  private void classify(ObservedConnection c) {
    boolean clientSide = ids.inScope(c.client());
    boolean serverSide = ids.inScope(c.server());
    if (!clientSide && !serverSide) {
      return;
    }
    if (c.verdict() != Verdict.ALLOWED) {
      flagged.add(new Review.Flagged(c, c.verdict() == Verdict.DENIED ? DENIED : AUDIT));
      return;
    }
    if (c.count() < options.minCount()) {
      dropped.add(
          new Review.Dropped(
              c,
              "seen "
                  + c.count()
                  + " time"
                  + (c.count() == 1 ? "" : "s")
                  + ", below --min-count "
                  + options.minCount()));
      return;
    }
    Instant since = options.since();
    if (since != null && c.lastSeenMs() < since.toEpochMilli()) {
      dropped.add(
          new Review.Dropped(
              c,
              "last seen " + Instant.ofEpochMilli(c.lastSeenMs()) + ", before --since " + since));
      return;
    }
    if (clientSide) {
      active.add(c.client().workloadKey());
    }
    if (serverSide) {
      active.add(c.server().workloadKey());
    }
    if (c.client().ownNode() || c.server().ownNode()) {
      cover(c, clientSide, serverSide, sources(c)); // Kubernetes always allows a pod's own node.
      return;
    }
    if (c.protocol() == Protocol.ICMP || c.port() <= 0) {
      flagged.add(new Review.Flagged(c, ICMP));
      return;
    }
    boolean dns = clientSide && isDns(c);
    Need egress = null;
    Need ingress = null;
    if (clientSide && !dns) {
      egress = need(c.client(), c.server(), false, c);
    } else if (dns && !ids.selectable(c.server().workloadKey())) {
      egress = Need.problem(NO_LABELS + c.server().display());
    }
    if (serverSide) {
      ingress = need(c.server(), c.client(), true, c);
    }
    for (Need n : new Need[] {egress, ingress}) {
      if (n != null && n.problem() != null) {
        flagged.add(new Review.Flagged(c, n.problem()));
        return;
      }
    }
    Collection<String> src = sources(c);
    if (dns) {
      dnsEvidence.computeIfAbsent(c.client().namespace(), n -> new Evidence()).add(c, src);
    }
    record(egress, c, src);
    record(ingress, c, src);
    cover(c, clientSide, serverSide, src);
  }

  /** One side's need: a peer class and why it is as wide as it is, or a problem. */
  private record Need(Side side, PeerClass peer, String note, IpNetwork address, String problem) {
    static Need problem(String problem) {
      return new Need(null, null, null, null, problem);
    }
  }

  private void record(Need n, ObservedConnection c, Collection<String> src) {
    if (n == null) {
      return;
    }
    Endpoint remote = n.side().ingress() ? c.client() : c.server();
    List<String> dns =
        remote.dnsNames().isEmpty()
            ? List.of()
            : remote.dnsNames().stream().filter(KubernetesNames::isDns1123Subdomain).toList();
    rules
        .computeIfAbsent(n.side(), s -> new TreeMap<>())
        .computeIfAbsent(n.peer(), p -> new PeerEvidence())
        .add(
            ports.computeIfAbsent(
                List.of(c.port(), c.protocol()), k -> new ProposedPort(c.port(), c.protocol())),
            remote,
            names.computeIfAbsent(remote, r -> PeerEvidence.name(r, n.address(), dns)),
            c,
            src,
            dns,
            n.note(),
            n.address());
  }

  private Need need(Endpoint subject, Endpoint remote, boolean ingress, ObservedConnection c) {
    WorkloadKey w = subject.workloadKey();
    if (!ids.selectable(w)) {
      return Need.problem(NO_LABELS + subject.display());
    }
    Side side = new Side(w, ingress);
    IpNetwork ip = remote.ip() == null ? null : IpNetwork.host(remote.ip());
    if (remote.ip() != null && ip == null) {
      return Need.problem(NOT_AN_ADDRESS + KubernetesNames.shown(remote.ip()));
    }
    String port = c.port() + "/" + c.protocol();
    switch (remote.kind()) {
      case POD:
        if (!ids.selectable(remote.workloadKey())) {
          return Need.problem(NO_LABELS + remote.display());
        }
        return new Need(side, new PeerClass.Pods(remote.workloadKey()), null, null, null);
      case HOST:
        return known(side, new PeerClass.Nodes(), remote, ip, !book.nodes().isEmpty(), "nodes");
      case APISERVER:
        return known(
            side, new PeerClass.ApiServer(), remote, ip, !book.apiServer().isEmpty(), "apiserver");
      case WORLD:
        return world(side, remote, ip, ingress, c, port);
      case NETWORK:
        return network(side, remote, ip, c);
      case SERVICE:
      default:
        return Need.problem(SERVICE_ONLY + remote.display());
    }
  }

  /** Nodes and the API server: their addresses, or broad when none is known. */
  private Need known(
      Side side, PeerClass peer, Endpoint remote, IpNetwork ip, boolean known, String name) {
    if (known) {
      return new Need(side, peer, null, ip, null);
    }
    return unknown(side, peer, remote, name);
  }

  private Need unknown(Side side, PeerClass peer, Endpoint remote, String name) {
    if (options.unknownPeers() == RecommendOptions.UnknownPeers.DROP) {
      return Need.problem(UNKNOWN_ADDRESS + remote.display());
    }
    return new Need(side, peer, String.format(BROAD, name), null, null);
  }

  private Need world(
      Side side,
      Endpoint remote,
      IpNetwork ip,
      boolean ingress,
      ObservedConnection c,
      String port) {
    List<Object> key = List.of(side.workload(), c.port(), c.protocol());
    if (ingress && options.publicClients() > 0) {
      Set<String> clients = publicClients.getOrDefault(key, Set.of());
      if (clients.size() >= options.publicClients()) {
        return new Need(
            side,
            new PeerClass.Internet(false),
            String.format(PUBLIC, clients.size(), port, options.publicClients()),
            ip,
            null);
      }
      if (aggregatedPublic.contains(key)) {
        return new Need(
            side, new PeerClass.Internet(false), String.format(PUBLIC_AGGREGATED, port), ip, null);
      }
    }
    if (options.allowAnyWorld()) {
      return new Need(side, new PeerClass.Internet(false), ANY_WORLD, ip, null);
    }
    if (ip == null) {
      if (!book.network(null, "pub").isEmpty()) {
        return new Need(side, new PeerClass.Internet(true), null, null, null);
      }
      return unknown(side, new PeerClass.Internet(true), remote, "pub");
    }
    IpNetwork network = ip;
    if (options.worldPrefix() != null && ip.isIpv4()) {
      network = IpNetwork.of(remote.ip(), options.worldPrefix());
    }
    return new Need(side, new PeerClass.World(network), null, ip, null);
  }

  private Need network(Side side, Endpoint remote, IpNetwork ip, ObservedConnection c) {
    String name = remote.name() == null ? "pvt" : remote.name();
    boolean pvt = "pvt".equals(name) && remote.namespace() == null;
    if (ip != null) {
      PeerClass peer =
          pvt
              ? new PeerClass.Private(name, ip)
              : new PeerClass.NetworkSet(remote.namespace(), name, ip);
      return new Need(side, peer, null, ip, null);
    }
    PeerClass peer =
        pvt
            ? new PeerClass.Private(name, null)
            : new PeerClass.NetworkSet(remote.namespace(), name, null);
    if (!book.network(remote.namespace(), name).isEmpty()) {
      return new Need(side, peer, null, null, null);
    }
    if (pvt && book.clusterKnown()) {
      if (book.isApiServerPort(c.port()) && !book.apiServer().isEmpty()) {
        return new Need(side, new PeerClass.ApiServer(), PVT_API_SERVER, null, null);
      }
      if (book.isNodePort(c.port()) && !book.nodes().isEmpty()) {
        return new Need(side, new PeerClass.Nodes(), PVT_NODES, null, null);
      }
    }
    String shown = remote.namespace() == null ? name : remote.namespace() + "/" + name;
    return unknown(side, peer, remote, shown);
  }

  private Collection<String> sources(ObservedConnection c) {
    Collection<String> s = sources.get(c);
    return s == null ? List.of() : s;
  }

  private void cover(
      ObservedConnection c, boolean clientSide, boolean serverSide, Collection<String> src) {
    if (clientSide) {
      covered.computeIfAbsent(c.client().namespace(), n -> new Evidence()).add(c, src);
    }
    if (serverSide && !(clientSide && c.client().namespace().equals(c.server().namespace()))) {
      covered.computeIfAbsent(c.server().namespace(), n -> new Evidence()).add(c, src);
    }
  }
}
