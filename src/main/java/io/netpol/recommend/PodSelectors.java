package io.netpol.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Chooses, per workload of one namespace, the smallest set of stable labels that every pod of the
 * workload carries and no pod of another workload of the namespace carries in full. Among sets of
 * the same size the conventional keys win: {@code app.kubernetes.io/name}, the other {@code
 * app.kubernetes.io/*} keys, {@code app}, {@code k8s-app}, then the rest; release-bound keys
 * ({@code app.kubernetes.io/version}, {@code helm.sh/chart}, ...) come last because they change on
 * upgrade.
 */
final class PodSelectors {

  /** Candidates beyond this many are only used all together (the search is exponential). */
  private static final int SEARCHED = 16;

  /**
   * The chosen selector of one workload.
   *
   * @param exact true when it selects the workload's pods and no other workload's
   * @param reason why it is not exact; null when it is
   * @param alsoSelects other workloads (names) whose pods it selects too
   */
  record Selection(
      SortedMap<String, String> labels, boolean exact, String reason, List<String> alsoSelects) {}

  private PodSelectors() {}

  /**
   * @param labelSets per workload name, the stable label sets its pods were seen with
   * @return per workload name, its selection
   */
  static SortedMap<String, Selection> choose(
      SortedMap<String, List<SortedMap<String, String>>> labelSets) {
    SortedMap<String, Selection> out = new TreeMap<>();
    labelSets.forEach((workload, sets) -> out.put(workload, choose(workload, sets, labelSets)));
    return out;
  }

  private static Selection choose(
      String workload,
      List<SortedMap<String, String>> own,
      SortedMap<String, List<SortedMap<String, String>>> all) {
    List<Map.Entry<String, String>> candidates = common(own);
    candidates.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> rank(e.getKey()))
            .thenComparing(Map.Entry::getKey));
    List<SortedMap<String, String>> others = new ArrayList<>();
    all.forEach(
        (name, sets) -> {
          if (!name.equals(workload)) {
            others.addAll(sets);
          }
        });
    SortedMap<String, String> everything = toMap(candidates);
    if (candidates.isEmpty()) {
      return new Selection(
          everything,
          false,
          "no stable labels were observed on its pods",
          alsoSelects(workload, everything, all));
    }
    if (selectsAny(everything, others)) {
      List<String> also = alsoSelects(workload, everything, all);
      return new Selection(
          everything,
          false,
          "its pods share every stable label with pods of " + String.join(", ", also),
          also);
    }
    List<Map.Entry<String, String>> searched =
        candidates.subList(0, Math.min(SEARCHED, candidates.size()));
    for (int size = 1; size <= searched.size(); size++) {
      SortedMap<String, String> found = search(searched, size, others);
      if (found != null) {
        return new Selection(found, true, null, List.of());
      }
    }
    return new Selection(everything, true, null, List.of());
  }

  /**
   * The first combination of {@code size} candidates, in preference order, selecting no other pod.
   */
  private static SortedMap<String, String> search(
      List<Map.Entry<String, String>> candidates,
      int size,
      List<SortedMap<String, String>> others) {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    while (true) {
      SortedMap<String, String> selector = new TreeMap<>();
      for (int i : idx) {
        selector.put(candidates.get(i).getKey(), candidates.get(i).getValue());
      }
      if (!selectsAny(selector, others)) {
        return selector;
      }
      int i = size - 1;
      while (i >= 0 && idx[i] == candidates.size() - size + i) {
        i--;
      }
      if (i < 0) {
        return null;
      }
      idx[i]++;
      for (int j = i + 1; j < size; j++) {
        idx[j] = idx[j - 1] + 1;
      }
    }
  }

  /** Whether {@code selector} (matchLabels) selects a pod with {@code labels}. */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean selectsAny(
      Map<String, String> selector, List<SortedMap<String, String>> sets) {
    return sets.stream().anyMatch(s -> selects(selector, s));
  }

  private static List<String> alsoSelects(
      String workload,
      Map<String, String> selector,
      SortedMap<String, List<SortedMap<String, String>>> all) {
    List<String> out = new ArrayList<>();
    all.forEach(
        (name, sets) -> {
          if (!name.equals(workload) && selectsAny(selector, sets)) {
            out.add(name);
          }
        });
    return out;
  }

  /** Label pairs every set has, with valid keys and values (others cannot be selected on). */
  private static List<Map.Entry<String, String>> common(List<SortedMap<String, String>> sets) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (sets.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, String> e : sets.get(0).entrySet()) {
      boolean everywhere = sets.stream().allMatch(s -> e.getValue().equals(s.get(e.getKey())));
      if (everywhere
          && KubernetesNames.isLabelKey(e.getKey())
          && KubernetesNames.isLabelValue(e.getValue())) {
        out.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  private static SortedMap<String, String> toMap(List<Map.Entry<String, String>> entries) {
    SortedMap<String, String> out = new TreeMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Lower is preferred. */
  static int rank(String key) {
    switch (key) {
      case "app.kubernetes.io/name":
        return 0;
      case "app.kubernetes.io/instance":
        return 1;
      case "app.kubernetes.io/component":
        return 2;
      case "app":
        return 4;
      case "k8s-app":
        return 5;
      case "app.kubernetes.io/version":
      case "helm.sh/chart":
      case "chart":
      case "version":
      case "release":
        return 7;
      default:
        return key.startsWith("app.kubernetes.io/") ? 3 : 6;
    }
  }
}
