package io.netpol.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Set;

/**
 * A NetworkPolicy as the diff and the replay keep it: its name, who owns it, its spec as canonical
 * text (for comparing) and its compiled form (for evaluating). A fraction of the fabric8 object's
 * size, so a large cluster's policies fit in a small heap; the object itself can be dropped once
 * this is made.
 *
 * @param owner the {@link Ownership#LABEL} value, or {@code null}
 * @param step the {@link Ownership#STEP_ANNOTATION} value, or {@code null}
 * @param spec the spec in {@link SpecText canonical form}
 */
public record Policy(
    PolicyRef ref, String owner, String step, String spec, CompiledPolicy compiled) {

  /**
   * Reads, validates and compiles {@code policy}.
   *
   * @throws PolicyException naming the policy and field when it is invalid
   */
  public static Policy of(NetworkPolicy policy) {
    CompiledPolicy compiled = CompiledPolicy.compile(policy);
    return new Policy(
        compiled.ref(),
        Ownership.owner(policy),
        Ownership.step(policy),
        SpecText.of(policy.getSpec()),
        compiled);
  }

  /**
   * As {@link #of(NetworkPolicy)} for a policy read from a file, whose spec is also at hand as the
   * parsed tree: the canonical text is written from that tree, which gives the same text without
   * building a second tree from the fabric8 object.
   *
   * @param spec the {@code spec} of the document {@code policy} was converted from
   */
  public static Policy of(NetworkPolicy policy, JsonNode spec) {
    CompiledPolicy compiled = CompiledPolicy.compile(policy);
    return new Policy(
        compiled.ref(),
        Ownership.owner(policy),
        Ownership.step(policy),
        SpecText.of(spec),
        compiled);
  }

  /** True when netpol-recommend owns this policy: labelled, and written by a recorded step. */
  public boolean ownedBy(Set<String> recordedSteps) {
    return Ownership.owns(owner, step, recordedSteps);
  }

  /** True when the policy carries the tool's label, whoever set it. */
  public boolean labelled() {
    return Ownership.OWNER.equals(owner);
  }

  /** True when both specs do the same, whatever their metadata. */
  public boolean sameSpec(Policy other) {
    return spec.equals(other.spec);
  }
}
