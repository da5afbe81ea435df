package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Proposes least-privilege NetworkPolicies from observed connections: per namespace in scope a
 * default deny for ingress and egress, DNS egress to the DNS pods actually observed, and per
 * workload ingress and egress policies naming exactly the peers and ports it was observed with.
 * Denied and audit connections never become allow rules; they go to the review.
 *
 * <p>A pipeline of pure stages, each with one job: {@link Identities} (names, label sets, scope,
 * selectors) → {@link AddressBook} and {@link PeerClassifier} (what each side of a connection is:
 * pod, node, API server, internet, address, private network, network set) → {@link RuleGrouping}
 * (peers with the same ports share a rule; same-namespace workloads share an exact selector) →
 * {@link SizeBudget} (objects the API server accepts) → {@link Assembly} (names, annotations). No
 * I/O, no clock; the same input gives equal policies in the same order.
 */
public final class Recommender {

  private Recommender() {}

  /** The proposal for {@code input}: policies per namespace in scope and their review. */
  public static Proposal propose(RecommendInput input, RecommendOptions options) {
    SortedMap<String, List<ProposedPolicy>> policies = new TreeMap<>();
    Review review = propose(input, options, policies::put);
    return new Proposal(policies, review);
  }

  /**
   * Receives a proposal one namespace at a time, in namespace order, so that a large proposal can
   * be written as it is made and need not be held whole.
   */
  @FunctionalInterface
  public interface NamespaceSink {
    /**
     * The policies of one namespace in scope, in their order (the default deny, the DNS policy,
     * then by name); the list is not changed afterwards.
     */
    void accept(String namespace, List<ProposedPolicy> policies);
  }

  /**
   * The proposal for {@code input}, handed to {@code sink} namespace by namespace (in the order and
   * with the policies {@link #propose(RecommendInput, RecommendOptions)} holds); returns its review
   * once every namespace has been handed over.
   */
  public static Review propose(RecommendInput input, RecommendOptions options, NamespaceSink sink) {
    Identities ids = Identities.of(input, options);
    AddressBook book = AddressBook.of(ids.connections(), input.cluster(), options);
    PeerClassifier.Classification cls =
        PeerClassifier.classify(ids, book, options, input.sources());
    RuleGrouping grouping = new RuleGrouping(ids, new PeerAddresses(book), options.grouping());
    SizeBudget budget = new SizeBudget();
    Assembly assembly = new Assembly(ids, options.namePrefix());
    ReviewBuilder review = new ReviewBuilder(ids, book, cls);

    for (String ns : ids.scope()) {
      List<ProposedPolicy> list = new ArrayList<>();
      Evidence covered = cls.covered().getOrDefault(ns, new Evidence());
      list.add(assembly.defaultDeny(ns, covered));
      if (!cls.dnsServers().isEmpty()) {
        list.add(
            assembly.allowDns(
                ns,
                List.copyOf(cls.dnsServers()),
                cls.dnsEvidence().getOrDefault(ns, new Evidence())));
      }
      List<ProposedPolicy> perWorkload = new ArrayList<>();
      SortedMap<PeerClassifier.Side, SortedMap<PeerClass, PeerEvidence>> sides =
          cls.rules().subMap(first(ns), first(ns + "\u0000"));
      sides.forEach(
          (side, classes) -> {
            List<ProposedRule> rules = grouping.rules(classes);
            perWorkload.addAll(
                assembly.workload(side.workload(), side.ingress(), budget.split(ns, rules)));
          });
      sides.clear(); // The model holds it now; a large store's observations need not stay twice.
      perWorkload.sort(Comparator.comparing(ProposedPolicy::name));
      list.addAll(perWorkload);
      list.forEach(review::policy);
      review.namespace(ns, list, covered);
      sink.accept(ns, List.copyOf(list));
    }
    return review.build(options);
  }

  private static PeerClassifier.Side first(String ns) {
    return new PeerClassifier.Side(new WorkloadKey(ns, ""), true);
  }

  /**
   * Namespaces where pods were observed (the label sets and the connections): {@code -n} naming
   * another one has nothing to propose from.
   */
  public static SortedSet<String> observedNamespaces(RecommendInput input) {
    SortedSet<String> out = new TreeSet<>();
    input.workloadLabelSets().keySet().forEach(k -> out.add(k.namespace()));
    for (ObservedConnection c : input.connections()) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        if (e.kind() == EndpointKind.POD) {
          out.add(e.namespace());
        }
      }
    }
    return out;
  }
}
