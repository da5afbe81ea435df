package io.netpol.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * A NetworkPolicy as the diff and the replay keep it: its name, who owns it, its spec as canonical
 * text (for comparing) and its compiled form (for evaluating). A fraction of the fabric8 object's
 * size, so a large cluster's policies fit in a small heap; the object itself can be dropped once
 * this is made.
 *
 * @param owner the {@link Ownership#LABEL} value, or {@code null}
 * @param spec the spec in {@link SpecText canonical form}
 */
public record Policy(PolicyRef ref, String owner, String spec, CompiledPolicy compiled) {

  /**
   * Reads, validates and compiles {@code policy}.
   *
   * @throws PolicyException naming the policy and field when it is invalid
   */
  public static Policy of(NetworkPolicy policy) {
    CompiledPolicy compiled = CompiledPolicy.compile(policy);
    return new Policy(
        compiled.ref(), Ownership.owner(policy), SpecText.of(policy.getSpec()), compiled);
  }

  /** True when netpol-recommend owns this policy. */
  public boolean owned() {
    return Ownership.OWNER.equals(owner);
  }

  /** True when both specs do the same, whatever their metadata. */
  public boolean sameSpec(Policy other) {
    return spec.equals(other.spec);
  }
}
