package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A NetworkPolicy converted once into matchers, ready to evaluate connections against.
 *
 * @param ref the policy's namespace and name
 * @param podSelector which pods of {@code ref.namespace()} the policy applies to
 * @param policyTypes the directions the policy isolates, after defaulting: Ingress always, plus
 *     Egress when the policy has egress rules (as the API server does when policyTypes is absent)
 * @param ingress the ingress rules, in order
 * @param egress the egress rules, in order
 */
public record CompiledPolicy(
    PolicyRef ref,
    LabelSelectorMatcher podSelector,
    Set<Direction> policyTypes,
    List<CompiledRule> ingress,
    List<CompiledRule> egress) {

  public CompiledPolicy {
    policyTypes = policyTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(policyTypes));
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }

  /**
   * Converts and validates a fabric8 NetworkPolicy.
   *
   * @throws PolicyException naming the policy and field when the policy is invalid
   */
  public static CompiledPolicy compile(NetworkPolicy policy) {
    return PolicyCompiler.compile(policy);
  }

  /** True when this policy applies to {@code pod}: same namespace and the podSelector matches. */
  public boolean selects(PodPeer pod) {
    return ref.namespace().equals(pod.namespace()) && podSelector.matches(pod.labels());
  }

  public boolean isolates(Direction direction) {
    return policyTypes.contains(direction);
  }

  public List<CompiledRule> rules(Direction direction) {
    return direction == Direction.INGRESS ? ingress : egress;
  }
}
