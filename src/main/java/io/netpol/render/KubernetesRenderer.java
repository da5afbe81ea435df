package io.netpol.render;

import java.util.List;

/** networking.k8s.io/v1 NetworkPolicies, exactly as the recommender built them. */
final class KubernetesRenderer implements Renderer {
  @Override
  public Rendering namespace(ProposalView policies) {
    return Rendering.of(
        policies.policies().stream()
            .map(p -> new Manifest(p.namespace(), p.name(), PolicyDocuments.tree(p.kubernetes())))
            .toList(),
        List.of());
  }

  @Override
  public Rendering finish() {
    return Rendering.of(List.of(), List.of());
  }
}
