package io.netpol.recommend;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The proposed NetworkPolicies (networking.k8s.io/v1) per namespace, sorted by namespace and with
 * each namespace's policies in a fixed order ({@code default-deny}, {@code allow-dns}, then by
 * name), and the review of what they cover.
 */
public record Proposal(SortedMap<String, List<NetworkPolicy>> policies, Review review) {

  /** Label marking the policies this tool owns; rollout never touches policies without it. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "netpol-recommend";

  /** Why the policy exists, in words. */
  public static final String REASON = "netpol-recommend.io/reason";

  /** Policy-level evidence: connections, edges, first/last seen, sources (one line of JSON). */
  public static final String EVIDENCE = "netpol-recommend.io/evidence";

  /** Per-rule evidence: a JSON array in rule order, one rule per line. */
  public static final String RULES = "netpol-recommend.io/rules";

  public Proposal {
    SortedMap<String, List<NetworkPolicy>> copy = new TreeMap<>();
    policies.forEach((ns, list) -> copy.put(ns, List.copyOf(list)));
    policies = Collections.unmodifiableSortedMap(copy);
  }

  /** Every policy, namespace by namespace. */
  public List<NetworkPolicy> all() {
    return policies.values().stream().flatMap(List::stream).toList();
  }
}
