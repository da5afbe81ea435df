package io.netpol.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * Label keys controllers change between pod generations; a selector on them breaks at the next
 * deploy. The store already drops the built-in ones at ingest; the recommender checks again so an
 * old store or a user's extra keys can never leak into a selector.
 */
final class VolatileLabels {

  /** The same keys the ingest side drops (kept equal by a test). */
  static final List<String> BUILT_IN =
      List.of(
          "pod-template-hash",
          "pod-template-generation",
          "controller-revision-hash",
          "controller-uid",
          "statefulset.kubernetes.io/pod-name",
          "apps.kubernetes.io/pod-index",
          "job-name",
          "batch.kubernetes.io/*");

  private final List<String> patterns;

  VolatileLabels(List<String> extra) {
    this.patterns = new ArrayList<>(BUILT_IN);
    patterns.addAll(extra);
  }

  boolean isVolatile(String key) {
    for (String p : patterns) {
      if (p.endsWith("*") ? key.startsWith(p.substring(0, p.length() - 1)) : key.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
