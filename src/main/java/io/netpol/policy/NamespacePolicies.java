package io.netpol.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies of one namespace, indexed so that finding those that select a pod tests only the
 * selectors that could match it: policies with the same podSelector share one test, and a selector
 * with a {@code matchLabels} entry is looked up by that label instead of being tested against every
 * pod.
 */
final class NamespacePolicies {
  /** Policies sharing one podSelector, by their positions in the namespace's sorted list. */
  private record Group(LabelSelectorMatcher selector, int[] members) {}

  private final List<CompiledPolicy> sorted;
  private final List<Group> unindexed = new ArrayList<>();
  private final Map<String, Map<String, List<Group>>> byLabel = new HashMap<>();

  /**
   * @param sorted the namespace's policies, sorted by name
   */
  NamespacePolicies(List<CompiledPolicy> sorted) {
    this.sorted = List.copyOf(sorted);
    Map<LabelSelectorMatcher, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < this.sorted.size(); i++) {
      groups.computeIfAbsent(this.sorted.get(i).podSelector(), s -> new ArrayList<>()).add(i);
    }
    groups.forEach(
        (selector, members) -> {
          Group group = new Group(selector, members.stream().mapToInt(Integer::intValue).toArray());
          LabelSelectorMatcher.Requirement key = indexKey(selector);
          if (key == null) {
            unindexed.add(group);
          } else {
            byLabel
                .computeIfAbsent(key.key(), k -> new HashMap<>())
                .computeIfAbsent(key.values().get(0), v -> new ArrayList<>())
                .add(group);
          }
        });
  }

  /** The first {@code matchLabels} entry: a pod without that label and value cannot match. */
  private static LabelSelectorMatcher.Requirement indexKey(LabelSelectorMatcher selector) {
    for (LabelSelectorMatcher.Requirement r : selector.requirements()) {
      if (r.operator() == LabelSelectorMatcher.Operator.EQUALS) {
        return r;
      }
    }
    return null;
  }

  List<CompiledPolicy> all() {
    return sorted;
  }

  /** The policies selecting {@code labels} that isolate {@code direction}, sorted by name. */
  List<CompiledPolicy> selecting(Map<String, String> labels, Direction direction, Work work) {
    List<Integer> out = new ArrayList<>();
    for (Group g : unindexed) {
      test(g, labels, direction, work, out);
    }
    if (!byLabel.isEmpty()) {
      for (Map.Entry<String, String> label : labels.entrySet()) {
        Map<String, List<Group>> byValue = byLabel.get(label.getKey());
        List<Group> groups = byValue == null ? null : byValue.get(label.getValue());
        if (groups != null) {
          for (Group g : groups) {
            test(g, labels, direction, work, out);
          }
        }
      }
    }
    if (out.isEmpty()) {
      return List.of();
    }
    out.sort(null);
    List<CompiledPolicy> policies = new ArrayList<>(out.size());
    out.forEach(i -> policies.add(sorted.get(i)));
    return policies;
  }

  private void test(
      Group g, Map<String, String> labels, Direction d, Work work, List<Integer> out) {
    work.selectorTested();
    if (g.selector().matches(labels)) {
      for (int i : g.members()) {
        if (sorted.get(i).isolates(d)) {
          out.add(i);
        }
      }
    }
  }
}
