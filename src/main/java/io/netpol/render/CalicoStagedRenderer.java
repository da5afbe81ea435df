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

  private final CalicoRenderer calico = new CalicoRenderer();

  @Override
  public Rendering namespace(ProposalView proposal) {
    return staged(calico.namespace(proposal), List.of());
  }

  @Override
  public Rendering finish() {
    Rendering last = calico.finish();
    List<String> notes = new ArrayList<>(last.notes());
    notes.add(NOTE);
    return staged(last, notes);
  }

  @Override
  public boolean clusterObjectsFirst() {
    return calico.clusterObjectsFirst();
  }

  private static Rendering staged(Rendering calico, List<String> notes) {
    List<Manifest> out = new ArrayList<>();
    for (Manifest m : calico.manifests()) {
      out.add(new Manifest(m.namespace(), m.name(), StagedPolicies.staged(m.object())));
    }
    return Rendering.of(out, notes);
  }
}
