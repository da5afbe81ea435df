package io.netpol.recommend;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The distinct stable label sets seen on one workload's pods, at most {@link #MAX_KEPT} of them.
 * Beyond the cap the sets are no longer kept one by one; what selectors need stays exact: the
 * labels every pod carried ({@link #common()}) and every label any pod carried ({@link #union()}),
 * against which other workloads' selectors are checked conservatively.
 */
final class LabelSets {

  /** Distinct label sets kept per workload; a workload has a handful unless a label is volatile. */
  static final int MAX_KEPT = 1_000;

  private final Set<SortedMap<String, String>> kept = new LinkedHashSet<>();
  private final Set<Map.Entry<String, String>> union = new HashSet<>();
  private SortedMap<String, String> common;
  private long overCap;

  /** Adds one observed label set (stable labels only); duplicates are ignored. */
  void add(Map<String, String> stable) {
    SortedMap<String, String> set = new TreeMap<>(stable);
    if (kept.contains(set)) {
      return;
    }
    if (common == null) {
      common = new TreeMap<>(set);
    } else {
      common.entrySet().removeIf(e -> !e.getValue().equals(set.get(e.getKey())));
    }
    set.forEach((k, v) -> union.add(Map.entry(k, v)));
    if (kept.size() < MAX_KEPT) {
      kept.add(set);
    } else {
      overCap++;
    }
  }

  /** The sets kept, in the order first seen. */
  Set<SortedMap<String, String>> kept() {
    return Collections.unmodifiableSet(kept);
  }

  /** Labels with the same value on every pod seen. */
  SortedMap<String, String> common() {
    return common == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(common);
  }

  /** Every label pair seen on any pod. */
  Set<Map.Entry<String, String>> union() {
    return Collections.unmodifiableSet(union);
  }

  /** Whether more distinct sets were seen than are kept. */
  boolean capped() {
    return overCap > 0;
  }

  /** Distinct sets seen beyond the cap (a lower bound: they are not kept to compare). */
  long overCap() {
    return overCap;
  }

  boolean isEmpty() {
    return common == null;
  }
}
