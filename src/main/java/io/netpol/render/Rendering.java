package io.netpol.render;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a renderer made of a proposal: objects to write one per file (with a kustomization), or a
 * tree of files (a Helm chart), and notes for the reviewer on what the format changes.
 *
 * @param manifests objects, in order
 * @param files files by path relative to the output folder (a chart), sorted
 * @param notes remarks for stderr
 */
public record Rendering(
    List<Manifest> manifests, SortedMap<String, String> files, List<String> notes) {
  public Rendering {
    manifests = List.copyOf(manifests);
    files = new TreeMap<>(files);
    notes = List.copyOf(notes);
  }

  public static Rendering of(List<Manifest> manifests, List<String> notes) {
    return new Rendering(manifests, new TreeMap<>(), notes);
  }

  /** Whether this is a tree of files rather than objects. */
  public boolean isFileTree() {
    return manifests.isEmpty() && !files.isEmpty();
  }
}
