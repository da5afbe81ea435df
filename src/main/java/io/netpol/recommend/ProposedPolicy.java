package io.netpol.recommend;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.WorkloadKey;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One proposed policy in the internal model, from which every output format is rendered: {@link
 * #toNetworkPolicy()} gives the networking.k8s.io/v1 object (byte-identical for equal input); other
 * renderers read the typed rules and peers.
 *
 * <p>Index alignment: {@code ingress().get(i)} is {@code spec.ingress[i]} of the NetworkPolicy, and
 * {@code ingress().get(i).peers().get(j)} is its {@code from[j]} (the same for egress and {@code
 * to}).
 *
 * @param namespace the policy's namespace
 * @param name the policy's name (with the {@code --name-prefix})
 * @param role what it is for
 * @param subject the workload it applies to; null for the namespace-wide default deny and DNS
 * @param podSelector the pods it applies to ({@link Selector#all()} for namespace-wide ones)
 * @param ingress ingress rules, in order; empty for egress-only roles
 * @param egress egress rules, in order; empty for ingress-only roles
 * @param labels metadata labels (the tool's {@link Proposal#MANAGED_BY} label)
 * @param annotations metadata annotations: {@link Proposal#REASON}, {@link Proposal#EVIDENCE} and
 *     {@link Proposal#RULES}, within the API server's size limits
 */
public record ProposedPolicy(
    String namespace,
    String name,
    PolicyRole role,
    WorkloadKey subject,
    Selector podSelector,
    List<ProposedRule> ingress,
    List<ProposedRule> egress,
    SortedMap<String, String> labels,
    SortedMap<String, String> annotations) {

  public ProposedPolicy {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** Whether the policy isolates its pods for ingress (policyTypes contains Ingress). */
  public boolean isolatesIngress() {
    return role == PolicyRole.DEFAULT_DENY || role == PolicyRole.INGRESS;
  }

  /** Whether the policy isolates its pods for egress (policyTypes contains Egress). */
  public boolean isolatesEgress() {
    return role != PolicyRole.INGRESS;
  }

  /** Ingress and egress rules. */
  public int ruleCount() {
    return ingress.size() + egress.size();
  }

  /** The networking.k8s.io/v1 NetworkPolicy, rendered anew on every call. */
  public NetworkPolicy toNetworkPolicy() {
    return KubernetesPolicies.render(this);
  }
}
