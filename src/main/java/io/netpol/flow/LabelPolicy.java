package io.netpol.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides which pod labels are stable enough to select on. Controllers stamp volatile labels on
 * pods (a new pod-template-hash on every rollout); a selector built from them breaks at the next
 * deploy, so they never reach the store.
 */
public final class LabelPolicy {

  /** Keys (or prefixes ending in {@code *}) that controllers change between pod generations. */
  public static final List<String> BUILT_IN_VOLATILE =
      List.of(
          "pod-template-hash",
          "pod-template-generation",
          "controller-revision-hash",
          "controller-uid",
          "statefulset.kubernetes.io/pod-name",
          "apps.kubernetes.io/pod-index",
          "job-name",
          "batch.kubernetes.io/*");

  private final List<String> exact = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private final List<String> patterns;
  private final LabelLimits limits;

  private LabelPolicy(List<String> patterns, LabelLimits limits) {
    this.patterns = List.copyOf(patterns);
    this.limits = limits;
    for (String pattern : patterns) {
      if (pattern.endsWith("*")) {
        prefixes.add(pattern.substring(0, pattern.length() - 1));
      } else {
        exact.add(pattern);
      }
    }
  }

  public static LabelPolicy defaults() {
    return withExtraVolatile(List.of());
  }

  /** The built-in volatile labels plus the user's own (exact keys, or prefixes ending in *). */
  public static LabelPolicy withExtraVolatile(List<String> extra) {
    List<String> all = new ArrayList<>(BUILT_IN_VOLATILE);
    all.addAll(extra);
    return new LabelPolicy(all, LabelLimits.defaults());
  }

  /** The same policy, keeping labels within {@code limits} as they are read. */
  public LabelPolicy withLimits(LabelLimits limits) {
    return new LabelPolicy(patterns, limits);
  }

  /** How many labels per endpoint, and how long, ingestion keeps. */
  public LabelLimits limits() {
    return limits;
  }

  public boolean isVolatile(String key) {
    if (exact.contains(key)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The stable subset of the given labels, sorted. */
  public SortedMap<String, String> stable(Map<String, String> labels) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!isVolatile(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /**
   * Parses {@code key=value} strings as flow logs carry them; entries without '=' are ignored, a
   * key with an empty value is kept.
   */
  public static Map<String, String> parseKeyValues(Iterable<String> entries) {
    Map<String, String> out = new TreeMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        out.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return out;
  }
}
