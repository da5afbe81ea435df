package io.netpol.render;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The proposal as every output format reads it: the policies, namespace by namespace in the
 * proposal's order, with typed peers.
 */
public record ProposalView(List<PolicyView> policies) {
  public ProposalView {
    policies = List.copyOf(policies);
  }

  /** The namespaces in scope, sorted. */
  public SortedSet<String> namespaces() {
    SortedSet<String> out = new TreeSet<>();
    policies.forEach(p -> out.add(p.namespace()));
    return out;
  }

  /** The policies with {@code role}, in order. */
  public List<PolicyView> withRole(PolicyView.Role role) {
    return policies.stream().filter(p -> p.role() == role).toList();
  }
}
