package io.netpol.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code calico} output as Calico's staged kinds (StagedNetworkPolicy,
 * StagedGlobalNetworkPolicy): a preview that enforces nothing. Calico reports the connections the
 * staged policies would deny as pending policy hits, which {@code observe} stores as audit
 * connections; promote by applying the {@code calico} output. Network sets are written as they are:
 * they select traffic, they decide nothing.
 */
final class CalicoStagedRenderer implements Renderer {

  static final String NOTE =
      "calico-staged: staged policies enforce nothing; what they would deny shows as pending"
          + " policies in Calico flow logs (stored as audit by observe)";

  @Override
  public Rendering render(ProposalView proposal) {
    Rendering calico = new CalicoRenderer().render(proposal);
    List<Manifest> out = new ArrayList<>();
    for (Manifest m : calico.manifests()) {
      out.add(new Manifest(m.namespace(), m.name(), StagedPolicies.staged(m.object())));
    }
    List<String> notes = new ArrayList<>(calico.notes());
    notes.add(NOTE);
    return Rendering.of(out, notes);
  }
}
