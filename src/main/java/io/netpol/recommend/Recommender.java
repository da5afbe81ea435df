package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.LabelPolicy;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.time.Instant;
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
 * Proposes least-privilege NetworkPolicies from observed connections: per namespace in scope a
 * default deny for ingress and egress, DNS egress to the DNS pods actually observed, and per
 * workload one ingress and one egress policy naming exactly the peers and ports it was observed
 * with. Denied and audit connections never become allow rules; they go to the review.
 *
 * <p>Pure: no I/O, no clock; the same input gives equal policies in the same order.
 */
public final class Recommender {

  static final String DENIED = "denied by a policy in force; not turned into an allow rule";
  static final String AUDIT =
      "a staged or audit-mode policy would deny it; not turned into an allow rule";
  static final String ICMP = "ICMP cannot be allowed by a NetworkPolicy";
  static final String NO_LABELS = "no stable labels were observed on the pods of ";
  static final String SERVICE_ONLY = "only the Service is known, not the pods behind it: ";
  static final String UNKNOWN_ADDRESS = "address unknown, no ipBlock possible: ";

  private static final int DNS_PORT = 53;
  private static final List<String> PRIVATE_V4 =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

  private final RecommendInput input;
  private final RecommendOptions options;
  private final LabelPolicy volatileLabels;
  private final SortedMap<String, SortedMap<String, List<SortedMap<String, String>>>> labelSets =
      new TreeMap<>();
  private final Map<String, SortedMap<String, PodSelectors.Selection>> selections = new TreeMap<>();
  private final SortedSet<String> scope = new TreeSet<>();
  private final SortedMap<String, RuleSet> ingress = new TreeMap<>();
  private final SortedMap<String, RuleSet> egress = new TreeMap<>();
  private final SortedSet<RulePeer> dnsServers = new TreeSet<>();
  private final SortedMap<String, Evidence> dnsEvidence = new TreeMap<>();
  private final SortedMap<String, Evidence> covered = new TreeMap<>();
  private final SortedSet<String> active = new TreeSet<>();
  private final List<Review.Dropped> dropped = new ArrayList<>();
  private final List<Review.Flagged> flagged = new ArrayList<>();
  private final SortedMap<String, Review.RejectedName> rejected = new TreeMap<>();
  private final SortedMap<String, Review.SelectorProblem> selectorProblems = new TreeMap<>();

  private Recommender(RecommendInput input, RecommendOptions options) {
    this.input = input;
    this.options = options;
    this.volatileLabels = LabelPolicy.withExtraVolatile(options.extraVolatileLabels());
  }

  /** The proposal for {@code input}: policies per namespace in scope and their review. */
  public static Proposal propose(RecommendInput input, RecommendOptions options) {
    return new Recommender(input, options).run();
  }

  private Proposal run() {
    List<ObservedConnection> connections = new ArrayList<>();
    for (ObservedConnection c : sorted(input.connections())) {
      if (namesValid(c)) {
        connections.add(c);
      }
    }
    collectLabelSets(connections);
    chooseScope(connections);
    connections.stream()
        .filter(c -> c.verdict() == Verdict.ALLOWED && isDns(c))
        .forEach(
            c -> dnsServers.add(RulePeer.workload(c.server().namespace(), c.server().workload())));
    connections.forEach(this::classify);
    PolicyFactory factory = new PolicyFactory(this::selector);
    SortedMap<String, List<ProposedPolicy>> policies = new TreeMap<>();
    List<Review.NamespaceSummary> summaries = new ArrayList<>();
    for (String ns : scope) {
      List<ProposedPolicy> list = policiesOf(ns, factory);
      policies.put(ns, list);
      Evidence ev = covered.getOrDefault(ns, new Evidence());
      summaries.add(
          new Review.NamespaceSummary(
              ns, list.size(), PolicyFactory.rules(list), ev.edges(), ev.connections()));
    }
    Review review =
        new Review(
            summaries,
            dropped,
            flagged,
            List.copyOf(selectorProblems.values()),
            List.copyOf(rejected.values()),
            notes());
    return new Proposal(policies, review);
  }

  private static List<ObservedConnection> sorted(List<ObservedConnection> connections) {
    List<ObservedConnection> out = new ArrayList<>(connections);
    out.sort(
        Comparator.comparing((ObservedConnection c) -> c.client().key())
            .thenComparing(c -> c.server().key())
            .thenComparingInt(ObservedConnection::port)
            .thenComparing(ObservedConnection::protocol)
            .thenComparing(ObservedConnection::verdict));
    return out;
  }

  // ---- names -------------------------------------------------------------------------------

  private boolean namesValid(ObservedConnection c) {
    return nameValid(c.client(), c) & nameValid(c.server(), c);
  }

  private boolean nameValid(Endpoint e, ObservedConnection c) {
    if (e.kind() != EndpointKind.POD
        && e.kind() != EndpointKind.SERVICE
        && e.kind() != EndpointKind.NETWORK) {
      return true;
    }
    if (e.namespace() != null && !KubernetesNames.isDns1123Label(e.namespace())) {
      reject(
          "namespace",
          e.namespace(),
          "not a DNS-1123 label (lower-case letters, digits, '-', at most 63)",
          c);
      return false;
    }
    if (e.kind() == EndpointKind.POD && !KubernetesNames.isDns1123Subdomain(e.workload())) {
      reject(
          "workload",
          e.workload(),
          "not a DNS-1123 subdomain (lower-case letters, digits, '-', '.', at most 253)",
          c);
      return false;
    }
    return true;
  }

  private void reject(String what, String value, String reason, ObservedConnection c) {
    String shown = KubernetesNames.shown(value);
    rejected.merge(
        what + " " + shown,
        new Review.RejectedName(what, shown, reason, c.count()),
        (a, b) ->
            new Review.RejectedName(
                a.what(), a.value(), a.reason(), a.connections() + b.connections()));
  }

  // ---- label sets, scope and selectors --------------------------------------------------------

  private void collectLabelSets(List<ObservedConnection> connections) {
    input
        .workloadLabelSets()
        .forEach(
            (key, sets) -> {
              int slash = key.indexOf('/');
              if (!key.startsWith("pod:") || slash < 0) {
                return;
              }
              String ns = key.substring(4, slash);
              String workload = key.substring(slash + 1);
              sets.forEach(labels -> addLabelSet(ns, workload, labels));
            });
    for (ObservedConnection c : connections) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        if (e.kind() == EndpointKind.POD) {
          addLabelSet(e.namespace(), e.workload(), e.labels());
        }
      }
    }
  }

  private void addLabelSet(String ns, String workload, Map<String, String> labels) {
    SortedMap<String, String> stable = new TreeMap<>();
    labels.forEach(
        (k, v) -> {
          if (!volatileLabels.isVolatile(k)) {
            stable.put(k, v);
          }
        });
    List<SortedMap<String, String>> sets =
        labelSets
            .computeIfAbsent(ns, n -> new TreeMap<>())
            .computeIfAbsent(workload, w -> new ArrayList<>());
    if (!sets.contains(stable)) {
      sets.add(stable);
    }
  }

  private void chooseScope(List<ObservedConnection> connections) {
    if (!options.namespaces().isEmpty()) {
      scope.addAll(options.namespaces());
    } else {
      for (String ns : labelSets.keySet()) {
        if (!RecommendOptions.SYSTEM_NAMESPACES.contains(ns)
            && KubernetesNames.isDns1123Label(ns)) {
          scope.add(ns);
        }
      }
    }
    scope.removeAll(options.excludedNamespaces());
  }

  /** The selector of a workload; records it for review when it is not exact. */
  private PodSelectors.Selection selector(String ns, String workload) {
    PodSelectors.Selection s =
        selections
            .computeIfAbsent(
                ns, n -> PodSelectors.choose(labelSets.getOrDefault(n, new TreeMap<>())))
            .get(workload);
    if (s == null) {
      s =
          new PodSelectors.Selection(
              new TreeMap<>(), false, "no stable labels were observed on its pods", List.of());
    }
    if (!s.exact()) {
      List<String> also =
          s.alsoSelects().stream()
              .map(
                  w ->
                      KubernetesNames.isDns1123Subdomain(w)
                          ? ns + "/" + w
                          : KubernetesNames.shown(w))
              .toList();
      selectorProblems.putIfAbsent(
          ns + "/" + workload,
          new Review.SelectorProblem(ns + "/" + workload, s.reason(), s.labels(), also));
    }
    return s;
  }

  // ---- connections -> rules ------------------------------------------------------------------

  private boolean inScope(Endpoint e) {
    return e.kind() == EndpointKind.POD && scope.contains(e.namespace());
  }

  private static boolean isDns(ObservedConnection c) {
    return c.server().kind() == EndpointKind.POD
        && c.port() == DNS_PORT
        && (c.protocol() == Protocol.UDP || c.protocol() == Protocol.TCP);
  }

  private void classify(ObservedConnection c) {
    boolean clientSide = inScope(c.client());
    boolean serverSide = inScope(c.server());
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
      active.add(key(c.client()));
    }
    if (serverSide) {
      active.add(key(c.server()));
    }
    if (c.client().ownNode() || c.server().ownNode()) {
      cover(c, clientSide, serverSide); // Kubernetes always allows a pod's own node.
      return;
    }
    if (c.protocol() == Protocol.ICMP || c.port() <= 0) {
      flagged.add(new Review.Flagged(c, ICMP));
      return;
    }
    String problem = null;
    if (clientSide) {
      problem = isDns(c) ? dnsEgress(c) : rule(egress, c.client(), c.server(), c);
    }
    if (serverSide && problem == null) {
      problem = rule(ingress, c.server(), c.client(), c);
    }
    if (problem != null) {
      flagged.add(new Review.Flagged(c, problem));
    } else {
      cover(c, clientSide, serverSide);
    }
  }

  private String dnsEgress(ObservedConnection c) {
    if (selector(c.server().namespace(), c.server().workload()).labels().isEmpty()) {
      return NO_LABELS + c.server().display();
    }
    dnsEvidence.computeIfAbsent(c.client().namespace(), n -> new Evidence()).add(c, sources(c));
    return null;
  }

  /**
   * Adds {@code c} to the rules of {@code subject} towards {@code remote}; a problem when it
   * cannot.
   */
  private String rule(
      SortedMap<String, RuleSet> direction,
      Endpoint subject,
      Endpoint remote,
      ObservedConnection c) {
    if (selector(subject.namespace(), subject.workload()).labels().isEmpty()) {
      return NO_LABELS + subject.display();
    }
    List<RulePeer> peers = new ArrayList<>();
    String problem = peers(remote, peers);
    if (problem != null) {
      return problem;
    }
    RuleSet rules = direction.computeIfAbsent(key(subject), k -> new RuleSet());
    for (RulePeer peer : peers) {
      Evidence ev = rules.evidence(peer, new ProposedPort(c.port(), c.protocol()));
      ev.add(c, sources(c));
      remote.dnsNames().stream()
          .filter(KubernetesNames::isDns1123Subdomain)
          .forEach(ev::addDnsName);
    }
    return null;
  }

  private String peers(Endpoint remote, List<RulePeer> out) {
    switch (remote.kind()) {
      case POD:
        if (selector(remote.namespace(), remote.workload()).labels().isEmpty()) {
          return NO_LABELS + remote.display();
        }
        out.add(RulePeer.workload(remote.namespace(), remote.workload()));
        return null;
      case WORLD:
        return worldPeers(remote, out);
      case SERVICE:
        return SERVICE_ONLY + remote.display();
      case HOST:
      case APISERVER:
      case NETWORK:
      default:
        IpNetwork host = remote.ip() == null ? null : IpNetwork.host(remote.ip());
        if (host == null) {
          return UNKNOWN_ADDRESS + remote.display();
        }
        out.add(RulePeer.network(host, List.of(), kindOf(remote)));
        return null;
    }
  }

  private static PeerKind kindOf(Endpoint remote) {
    switch (remote.kind()) {
      case HOST:
        return PeerKind.NODE;
      case APISERVER:
        return PeerKind.API_SERVER;
      case NETWORK:
        return "pvt".equals(remote.name()) ? PeerKind.PRIVATE_NETWORK : PeerKind.NETWORK_SET;
      default:
        return PeerKind.WORLD;
    }
  }

  private String worldPeers(Endpoint remote, List<RulePeer> out) {
    IpNetwork host = remote.ip() == null ? null : IpNetwork.host(remote.ip());
    if (options.allowAnyWorld()) {
      if (host == null || host.isIpv4()) {
        out.add(RulePeer.network(IpNetwork.of("0.0.0.0", 0), PRIVATE_V4, PeerKind.PUBLIC_INTERNET));
      }
      if (host == null || !host.isIpv4()) {
        out.add(RulePeer.network(IpNetwork.of("::", 0), List.of(), PeerKind.PUBLIC_INTERNET));
      }
      return null;
    }
    if (host == null) {
      return UNKNOWN_ADDRESS + remote.display() + " (--allow-any-world would allow any address)";
    }
    if (options.worldPrefix() != null && host.isIpv4()) {
      host = IpNetwork.of(remote.ip(), options.worldPrefix());
    }
    out.add(RulePeer.network(host, List.of(), PeerKind.WORLD));
    return null;
  }

  private Map<String, Long> sources(ObservedConnection c) {
    Map<String, Long> s = input.sources().get(c.edgeKey());
    return s == null ? Map.of() : s;
  }

  private void cover(ObservedConnection c, boolean clientSide, boolean serverSide) {
    Set<String> namespaces = new TreeSet<>();
    if (clientSide) {
      namespaces.add(c.client().namespace());
    }
    if (serverSide) {
      namespaces.add(c.server().namespace());
    }
    namespaces.forEach(ns -> covered.computeIfAbsent(ns, n -> new Evidence()).add(c, sources(c)));
  }

  private static String key(Endpoint pod) {
    return pod.namespace() + "/" + pod.workload();
  }

  // ---- policies --------------------------------------------------------------------------------

  private List<ProposedPolicy> policiesOf(String ns, PolicyFactory factory) {
    List<ProposedPolicy> out = new ArrayList<>();
    out.add(factory.defaultDeny(ns, covered.getOrDefault(ns, new Evidence())));
    if (!dnsServers.isEmpty()) {
      List<RulePeer> servers =
          dnsServers.stream()
              .filter(p -> !selector(p.namespace(), p.workload()).labels().isEmpty())
              .toList();
      if (!servers.isEmpty()) {
        out.add(factory.allowDns(ns, servers, dnsEvidence.getOrDefault(ns, new Evidence())));
      }
    }
    List<ProposedPolicy> perWorkload = new ArrayList<>();
    String prefix = ns + "/";
    ingress
        .subMap(prefix, prefix + Character.MAX_VALUE)
        .forEach(
            (key, rules) ->
                perWorkload.add(factory.ingress(ns, key.substring(prefix.length()), rules)));
    egress
        .subMap(prefix, prefix + Character.MAX_VALUE)
        .forEach(
            (key, rules) ->
                perWorkload.add(factory.egress(ns, key.substring(prefix.length()), rules)));
    perWorkload.sort(Comparator.comparing(ProposedPolicy::name));
    out.addAll(perWorkload);
    return out;
  }

  private List<String> notes() {
    List<String> notes = new ArrayList<>();
    if (dnsServers.isEmpty() && !scope.isEmpty()) {
      notes.add(
          "no DNS traffic to cluster DNS pods was observed: no allow-dns policy is proposed,"
              + " so pods in scope will not resolve names under the default deny");
    }
    for (String ns : scope) {
      if (!labelSets.containsKey(ns)) {
        notes.add(
            "namespace "
                + ns
                + ": no pods observed; only the default deny"
                + (dnsServers.isEmpty() ? "" : " and DNS egress")
                + " are proposed");
      }
    }
    for (String workload : active) {
      boolean isDns = dnsServers.stream().anyMatch(p -> p.display().equals(workload));
      if (!ingress.containsKey(workload) && !isDns) {
        notes.add(
            workload
                + ": no inbound connection observed; the default deny will block all"
                + " inbound traffic except from its own node");
      }
    }
    return notes;
  }
}
