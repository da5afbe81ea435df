package io.netpol.recommend;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pod label selector as the proposal uses it: equality on {@link #matchLabels()}, and at most one
 * set-based requirement {@code inKey In inValues} (several workloads of one namespace in one peer).
 * Empty selects every pod.
 *
 * @param matchLabels labels every selected pod carries
 * @param inKey the key of the {@code In} requirement; null when there is none
 * @param inValues its values, sorted; empty when there is none
 */
public record Selector(SortedMap<String, String> matchLabels, String inKey, List<String> inValues) {

  public Selector {
    matchLabels = Collections.unmodifiableSortedMap(new TreeMap<>(matchLabels));
    inValues = inValues == null ? List.of() : List.copyOf(inValues.stream().sorted().toList());
    if ((inKey == null) != inValues.isEmpty()) {
      throw new IllegalArgumentException("an In requirement needs a key and values");
    }
  }

  /** Equality on these labels only. */
  public static Selector of(SortedMap<String, String> labels) {
    return new Selector(labels, null, List.of());
  }

  /** {@code key In values}. */
  public static Selector in(String key, List<String> values) {
    return new Selector(new TreeMap<>(), key, values);
  }

  /** Selects every pod. */
  public static Selector all() {
    return new Selector(new TreeMap<>(), null, List.of());
  }

  public boolean isEmpty() {
    return matchLabels.isEmpty() && inKey == null;
  }

  /** Whether a pod with these labels is selected. */
  public boolean selects(java.util.Map<String, String> labels) {
    for (var e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return inKey == null || inValues.contains(labels.get(inKey));
  }

  /** {@code k=v,k2 in (a,b)}, for reports. */
  public String display() {
    StringBuilder out = new StringBuilder();
    matchLabels.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    if (inKey != null) {
      out.append(out.length() == 0 ? "" : ",")
          .append(inKey)
          .append(" in (")
          .append(String.join(",", inValues))
          .append(')');
    }
    return out.length() == 0 ? "{}" : out.toString();
  }
}
