package io.netpol.render;

import java.util.List;

/** networking.k8s.io/v1 NetworkPolicies, exactly as the recommender built them. */
final class KubernetesRenderer implements Renderer {
  @Override
  public Rendering render(ProposalView proposal) {
    return Rendering.of(
        proposal.policies().stream()
            .map(p -> new Manifest(p.namespace(), p.name(), PolicyDocuments.tree(p.kubernetes())))
            .toList(),
        List.of());
  }
}
