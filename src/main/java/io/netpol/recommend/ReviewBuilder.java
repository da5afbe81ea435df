package io.netpol.recommend;

import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects the review while the policies are assembled: coverage per namespace, rules wider than
 * the addresses observed, evidence sources, selectors that are not exact, and notes.
 */
final class ReviewBuilder {

  static final String NO_DNS =
      "no DNS traffic to cluster DNS pods was observed: no allow-dns policy is proposed, so pods in"
          + " scope will not resolve names under the default deny";
  static final String UNSEEN_NODES =
      "node-bound rules list the %d node address%s the flow logs showed; a node they never showed"
          + " with its address (Hubble reports a pod's own node without it) is missing: propose"
          + " --cluster lists every node";

  private final Identities ids;
  private final AddressBook book;
  private final PeerClassifier.Classification cls;
  private final List<Review.NamespaceSummary> namespaces = new ArrayList<>();
  private final List<Review.WideRule> wide = new ArrayList<>();
  private final SortedMap<String, Integer> sources = new TreeMap<>();
  private final SortedMap<WorkloadKey, Review.SelectorProblem> selectorProblems = new TreeMap<>();
  private final Set<WorkloadKey> withIngress = new java.util.HashSet<>();
  private boolean nodesUsed;

  ReviewBuilder(Identities ids, AddressBook book, PeerClassifier.Classification cls) {
    this.ids = ids;
    this.book = book;
    this.cls = cls;
    cls.rules().keySet().stream()
        .filter(PeerClassifier.Side::ingress)
        .forEach(s -> withIngress.add(s.workload()));
  }

  /** Records what a reviewer must know about one policy. */
  void policy(ProposedPolicy p) {
    if (p.subject() != null) {
      selector(p.subject());
    }
    record(p, "ingress", p.ingress());
    record(p, "egress", p.egress());
  }

  private void record(ProposedPolicy p, String direction, List<ProposedRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      ProposedRule r = rules.get(i);
      String rule = direction + "[" + i + "]";
      r.evidence().sources().forEach(s -> sources.merge(s, 1, Integer::sum));
      List<String> ports = r.ports().stream().map(ProposedPort::display).toList();
      SortedMap<Review.Wideness, Set<String>> peers = new TreeMap<>();
      SortedMap<Review.Wideness, String> reasons = new TreeMap<>();
      for (ProposedPeer peer : r.peers()) {
        Review.Wideness w = wideness(peer);
        if (peer.kind() == PeerKind.POD && peer.selector().inKey() == null) {
          peer.workloads().forEach(this::selector);
        }
        nodesUsed |= peer.kind() == PeerKind.NODE;
        if (w != null) {
          peers
              .computeIfAbsent(w, k -> new LinkedHashSet<>())
              .add(peer.isAddress() ? peer.cidr() : "namespace " + peer.namespace());
          if (peer.reason() != null) {
            reasons.putIfAbsent(w, peer.reason());
          } else if (w == Review.Wideness.FROM_CLUSTER) {
            reasons.putIfAbsent(w, kindWords(peer.kind()) + " read from the cluster");
          }
        }
      }
      peers.forEach(
          (w, shown) ->
              wide.add(
                  new Review.WideRule(
                      w,
                      p.namespace() + "/" + p.name(),
                      rule,
                      List.copyOf(shown),
                      ports,
                      reasons.getOrDefault(w, ""))));
    }
  }

  private static String kindWords(PeerKind kind) {
    switch (kind) {
      case NODE:
        return "node addresses";
      case API_SERVER:
        return "API server endpoints";
      default:
        return "network set nets";
    }
  }

  private static Review.Wideness wideness(ProposedPeer peer) {
    if (peer.kind() == PeerKind.NAMESPACE) {
      return Review.Wideness.WHOLE_NAMESPACE;
    }
    if (peer.origin() == null) {
      return null;
    }
    switch (peer.origin()) {
      case BROAD:
        return Review.Wideness.BROAD;
      case INTERNET:
        return Review.Wideness.PUBLIC_ENDPOINT;
      case CLUSTER:
        return Review.Wideness.FROM_CLUSTER;
      default:
        return null;
    }
  }

  private void selector(WorkloadKey w) {
    PodSelectors.Selection s = ids.selection(w);
    if (!s.exact()) {
      List<String> also =
          s.alsoSelects().stream()
              .map(
                  o ->
                      KubernetesNames.isDns1123Subdomain(o)
                          ? w.namespace() + "/" + o
                          : KubernetesNames.shown(o))
              .toList();
      selectorProblems.putIfAbsent(
          w, new Review.SelectorProblem(w.toString(), s.reason(), s.labels(), also));
    }
  }

  /** Records one namespace's coverage. */
  void namespace(String ns, List<ProposedPolicy> policies, Evidence covered) {
    int rules = policies.stream().mapToInt(ProposedPolicy::ruleCount).sum();
    namespaces.add(
        new Review.NamespaceSummary(
            ns, policies.size(), rules, covered.edges(), covered.connections()));
  }

  Review build(RecommendOptions options) {
    List<String> notes = new ArrayList<>();
    if (cls.dnsServers().isEmpty() && !ids.scope().isEmpty()) {
      notes.add(NO_DNS);
    }
    for (String ns : ids.scope()) {
      if (ids.workloads(ns).isEmpty()) {
        notes.add(
            "namespace "
                + ns
                + ": no pods observed; only the default deny"
                + (cls.dnsServers().isEmpty() ? "" : " and DNS egress")
                + " are proposed");
      }
    }
    for (WorkloadKey w : cls.active()) {
      if (!withIngress.contains(w) && !cls.dnsServers().contains(w)) {
        notes.add(
            w
                + ": no inbound connection observed; the default deny will block all"
                + " inbound traffic except from its own node");
      }
    }
    if (nodesUsed && !book.clusterKnown() && !book.nodes().isEmpty()) {
      int n = book.nodes().size();
      notes.add(String.format(UNSEEN_NODES, n, n == 1 ? "" : "es"));
    }
    notes.addAll(ids.notes());
    notes.addAll(cls.notes());
    List<Review.SourceUse> used = new ArrayList<>();
    sources.forEach((s, n) -> used.add(new Review.SourceUse(s, n)));
    return new Review(
        namespaces,
        cls.dropped(),
        cls.flagged(),
        List.copyOf(selectorProblems.values()),
        ids.rejected(),
        notes,
        wide,
        used);
  }
}
