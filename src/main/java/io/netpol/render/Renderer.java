package io.netpol.render;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a proposal into one output format, one namespace at a time: {@link #namespace} renders the
 * policies of one namespace as they come (in namespace order), {@link #finish} what spans
 * namespaces (a cluster-wide default deny, network sets, a chart's values) once they all came, and
 * the notes. So a large proposal is written without being held whole. Pure: equal proposals give
 * equal renderings. A renderer renders one proposal.
 */
public interface Renderer {

  /** The objects (or a chart's files) of one namespace's policies, in order; no notes. */
  Rendering namespace(ProposalView policies);

  /** What spans the namespaces rendered, and every note; called once, after the last namespace. */
  Rendering finish();

  /** Whether {@link #finish}'s objects come before the namespaces' in a whole rendering. */
  default boolean clusterObjectsFirst() {
    return false;
  }

  /** The whole proposal: its namespaces' objects in order, and what spans them. */
  default Rendering render(ProposalView proposal) {
    List<Manifest> namespaced = new ArrayList<>();
    SortedMap<String, String> files = new TreeMap<>();
    List<PolicyView> current = new ArrayList<>();
    for (PolicyView p : proposal.policies()) {
      if (!current.isEmpty() && !current.get(0).namespace().equals(p.namespace())) {
        add(namespace(new ProposalView(current)), namespaced, files);
        current.clear();
      }
      current.add(p);
    }
    if (!current.isEmpty()) {
      add(namespace(new ProposalView(current)), namespaced, files);
    }
    Rendering last = finish();
    files.putAll(last.files());
    List<Manifest> manifests = new ArrayList<>();
    if (clusterObjectsFirst()) {
      manifests.addAll(last.manifests());
      manifests.addAll(namespaced);
    } else {
      manifests.addAll(namespaced);
      manifests.addAll(last.manifests());
    }
    return new Rendering(manifests, files, last.notes());
  }

  private static void add(Rendering r, List<Manifest> manifests, SortedMap<String, String> files) {
    manifests.addAll(r.manifests());
    files.putAll(r.files());
  }
}
