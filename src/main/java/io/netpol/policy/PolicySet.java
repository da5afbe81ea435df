package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable set of compiled policies, indexed by namespace, each namespace/name at most once.
 */
public final class PolicySet {
  private static final PolicySet EMPTY = new PolicySet(Map.of());

  private final Map<String, List<CompiledPolicy>> byNamespace;

  private PolicySet(Map<String, List<CompiledPolicy>> byNamespace) {
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
    for (CompiledPolicy policy : policies) {
      List<CompiledPolicy> inNamespace =
          index.computeIfAbsent(policy.ref().namespace(), ns -> new ArrayList<>());
      if (inNamespace.stream().anyMatch(p -> p.ref().equals(policy.ref()))) {
        throw new PolicyException(
            policy.ref().toString(), "metadata.name", "is defined more than once");
      }
      inNamespace.add(policy);
    }
    Map<String, List<CompiledPolicy>> frozen = new TreeMap<>();
    // Sorted by name so verdicts list policies in a stable order whatever the input order.
    index.forEach(
        (ns, list) ->
            frozen.put(
                ns, list.stream().sorted(Comparator.comparing(CompiledPolicy::ref)).toList()));
    return new PolicySet(Map.copyOf(frozen));
  }

  /** The policies of {@code namespace}, sorted by name; empty when it has none. */
  public List<CompiledPolicy> inNamespace(String namespace) {
    return byNamespace.getOrDefault(namespace, List.of());
  }

  /** Every policy, sorted by namespace and name. */
  public List<CompiledPolicy> all() {
    return byNamespace.values().stream()
        .flatMap(List::stream)
        .sorted(Comparator.comparing(CompiledPolicy::ref))
        .toList();
  }

  public Optional<CompiledPolicy> get(PolicyRef ref) {
    return inNamespace(ref.namespace()).stream().filter(p -> p.ref().equals(ref)).findFirst();
  }

  public int size() {
    return byNamespace.values().stream().mapToInt(List::size).sum();
  }
}
