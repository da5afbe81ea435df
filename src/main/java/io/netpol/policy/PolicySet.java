package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of compiled policies, indexed by namespace and, within a namespace, by pod
 * selector; each namespace/name at most once.
 */
public final class PolicySet {
  private static final PolicySet EMPTY = new PolicySet(Map.of());

  private final Map<String, NamespacePolicies> byNamespace;

  private PolicySet(Map<String, NamespacePolicies> byNamespace) {
    this.byNamespace = byNamespace;
  }

  public static PolicySet empty() {
    return EMPTY;
  }

  /**
   * Compiles and indexes {@code policies}.
   *
   * @throws PolicyException for the first invalid policy, or a namespace/name given twice
   */
  public static PolicySet of(List<NetworkPolicy> policies) {
    return ofCompiled(policies.stream().map(CompiledPolicy::compile).toList());
  }

  /**
   * Indexes already compiled policies.
   *
   * @throws PolicyException when a namespace/name is given twice
   */
  public static PolicySet ofCompiled(List<CompiledPolicy> policies) {
    Map<String, List<CompiledPolicy>> index = new TreeMap<>();
    Set<PolicyRef> seen = new HashSet<>();
    for (CompiledPolicy policy : policies) {
      if (!seen.add(policy.ref())) {
        throw new PolicyException(
            policy.ref().toString(), "metadata.name", "is defined more than once");
      }
      index.computeIfAbsent(policy.ref().namespace(), ns -> new ArrayList<>()).add(policy);
    }
    Map<String, NamespacePolicies> frozen = new HashMap<>();
    // Sorted by name so verdicts list policies in a stable order whatever the input order.
    index.forEach(
        (ns, list) ->
            frozen.put(
                ns,
                new NamespacePolicies(
                    list.stream().sorted(Comparator.comparing(CompiledPolicy::ref)).toList())));
    return new PolicySet(Map.copyOf(frozen));
  }

  /** The policies of {@code namespace}, sorted by name; empty when it has none. */
  public List<CompiledPolicy> inNamespace(String namespace) {
    NamespacePolicies p = byNamespace.get(namespace);
    return p == null ? List.of() : p.all();
  }

  /**
   * The policies that select {@code pod} and isolate {@code direction}, sorted by name. Only the
   * pod's namespace is looked at, and within it only the selectors that could match the pod.
   */
  public List<CompiledPolicy> selecting(PodPeer pod, Direction direction, Work work) {
    NamespacePolicies p = byNamespace.get(pod.namespace());
    return p == null ? List.of() : p.selecting(pod.labels(), direction, work);
  }

  /** Every policy, sorted by namespace and name. */
  public List<CompiledPolicy> all() {
    return byNamespace.values().stream()
        .flatMap(p -> p.all().stream())
        .sorted(Comparator.comparing(CompiledPolicy::ref))
        .toList();
  }

  public Optional<CompiledPolicy> get(PolicyRef ref) {
    return inNamespace(ref.namespace()).stream().filter(p -> p.ref().equals(ref)).findFirst();
  }

  public int size() {
    return byNamespace.values().stream().mapToInt(p -> p.all().size()).sum();
  }
}
