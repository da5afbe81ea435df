package io.netpol.recommend;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The proposal: per namespace (sorted) its policies in a fixed order (the default deny, the DNS
 * policy, then by name), and the review of what they cover.
 *
 * <p>The internal model ({@link #proposed()}: {@link ProposedPolicy} → {@link ProposedRule} →
 * {@link ProposedPeer} with its {@link PeerKind}) is what every renderer starts from; {@link
 * #policies()} and {@link #all()} are its networking.k8s.io/v1 rendering, in the same order. For
 * large proposals iterate {@link #proposed()} and render one policy at a time.
 */
public final class Proposal {

  /** Label marking the policies this tool owns; rollout never touches policies without it. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "netpol-recommend";

  /** Why the policy exists, in words. */
  public static final String REASON = "netpol-recommend.io/reason";

  /**
   * Policy-level evidence: what the policy covers, connections, edges, first/last seen, a few
   * sources (one line of JSON).
   */
  public static final String EVIDENCE = "netpol-recommend.io/evidence";

  /** Per-rule evidence: a JSON array in rule order, one rule per line, summarised. */
  public static final String RULES = "netpol-recommend.io/rules";

  private final SortedMap<String, List<ProposedPolicy>> proposed;
  private final Review review;

  public Proposal(SortedMap<String, List<ProposedPolicy>> proposed, Review review) {
    SortedMap<String, List<ProposedPolicy>> copy = new TreeMap<>();
    proposed.forEach((ns, list) -> copy.put(ns, List.copyOf(list)));
    this.proposed = Collections.unmodifiableSortedMap(copy);
    this.review = review;
  }

  /** The internal model: per namespace, its policies in order. */
  public SortedMap<String, List<ProposedPolicy>> proposed() {
    return proposed;
  }

  /** Every policy of the model, namespace by namespace. */
  public Stream<ProposedPolicy> stream() {
    return proposed.values().stream().flatMap(List::stream);
  }

  /** The NetworkPolicies per namespace, rendered anew on every call. */
  public SortedMap<String, List<NetworkPolicy>> policies() {
    SortedMap<String, List<NetworkPolicy>> out = new TreeMap<>();
    proposed.forEach(
        (ns, list) -> out.put(ns, list.stream().map(ProposedPolicy::toNetworkPolicy).toList()));
    return Collections.unmodifiableSortedMap(out);
  }

  /** Every NetworkPolicy, namespace by namespace, rendered anew on every call. */
  public List<NetworkPolicy> all() {
    return stream().map(ProposedPolicy::toNetworkPolicy).toList();
  }

  /** Number of policies. */
  public int size() {
    return (int) stream().count();
  }

  public Review review() {
    return review;
  }

  @Override
  public String toString() {
    return "Proposal" + proposed.keySet() + " " + review;
  }
}
