package io.netpol.recommend;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pod selectors for the workloads of one namespace: per workload the smallest set of stable labels
 * that every pod of the workload carries and no pod of another workload of the namespace carries in
 * full, and for several workloads at once one {@code key In (values)} selector when that is exact.
 * Among sets of the same size the conventional keys win: {@code app.kubernetes.io/name}, the other
 * {@code app.kubernetes.io/*} keys, {@code app}, {@code k8s-app}, then the rest; release-bound keys
 * ({@code app.kubernetes.io/version}, {@code helm.sh/chart}, ...) come last because they change on
 * upgrade.
 *
 * <p>Every label set seen in the namespace gets a number; an index from each label pair to the sets
 * carrying it makes "does this selector select a pod of another workload" a few bit-set
 * intersections, so thousands of workloads and label sets stay fast.
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

  private final List<String> workloads;
  private final Map<String, LabelSets> sets;

  /** Per workload, the first and one past the last set number. */
  private final Map<String, int[]> ranges = new HashMap<>();

  /** Owner of every set number. */
  private final List<String> owners = new ArrayList<>();

  /** Label pair ("key=value") to the numbers of the sets carrying it. */
  private final Map<String, BitSet> index = new HashMap<>();

  private final Map<String, Selection> chosen = new HashMap<>();
  private final Map<String, List<Map.Entry<String, String>>> stable = new HashMap<>();

  private PodSelectors(SortedMap<String, LabelSets> labelSets) {
    this.workloads = List.copyOf(labelSets.keySet());
    this.sets = labelSets;
    labelSets.forEach(
        (workload, s) -> {
          int lo = owners.size();
          for (SortedMap<String, String> set : s.kept()) {
            number(workload, set.entrySet());
          }
          if (s.capped()) {
            // Stands for the sets not kept: selects whatever any of them could select.
            number(workload, s.union());
          }
          ranges.put(workload, new int[] {lo, owners.size()});
        });
  }

  private void number(String workload, Collection<Map.Entry<String, String>> pairs) {
    int id = owners.size();
    owners.add(workload);
    for (Map.Entry<String, String> e : pairs) {
      index.computeIfAbsent(pair(e.getKey(), e.getValue()), k -> new BitSet()).set(id);
    }
  }

  /** The selectors of the workloads of one namespace, by workload name. */
  static PodSelectors of(SortedMap<String, LabelSets> labelSets) {
    return new PodSelectors(labelSets);
  }

  /** Every workload seen in the namespace. */
  List<String> workloads() {
    return workloads;
  }

  /** The selection of a workload; null when it was never seen with labels. */
  Selection selection(String workload) {
    if (!sets.containsKey(workload)) {
      return null;
    }
    return chosen.computeIfAbsent(workload, this::choose);
  }

  private Selection choose(String workload) {
    List<Map.Entry<String, String>> candidates = candidates(workload, false);
    SortedMap<String, String> everything = toMap(candidates);
    List<Map.Entry<String, String>> bound = candidates(workload, true);
    if (candidates.isEmpty() && !bound.isEmpty() && !selectsOther(workload, bound)) {
      return new Selection(
          toMap(bound),
          false,
          "only labels that change between releases ("
              + String.join(", ", toMap(bound).keySet())
              + ") tell its pods apart: the selector breaks at the next upgrade; add a stable label",
          List.of());
    }
    if (candidates.isEmpty()) {
      return new Selection(
          everything,
          false,
          "no stable labels were observed on its pods",
          alsoSelects(workload, everything));
    }
    if (selectsOther(workload, candidates)) {
      List<String> also = alsoSelects(workload, everything);
      List<Map.Entry<String, String>> all = new ArrayList<>(candidates);
      all.addAll(bound);
      String only =
          !bound.isEmpty() && !selectsOther(workload, all)
              ? " (only labels that change between releases, "
                  + String.join(", ", toMap(bound).keySet())
                  + ", tell them apart: add a stable label)"
              : "";
      return new Selection(
          everything,
          false,
          "its pods share every stable label with pods of " + String.join(", ", also) + only,
          also);
    }
    List<Map.Entry<String, String>> searched =
        candidates.subList(0, Math.min(SEARCHED, candidates.size()));
    for (int size = 1; size <= searched.size(); size++) {
      List<Map.Entry<String, String>> found = search(workload, searched, size);
      if (found != null) {
        return new Selection(toMap(found), true, null, List.of());
      }
    }
    return new Selection(everything, true, null, List.of());
  }

  /**
   * The workload's common, selectable labels in preference order: those that survive upgrades, or
   * only the release-bound ones.
   */
  private List<Map.Entry<String, String>> candidates(String workload, boolean releaseBound) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    sets.get(workload)
        .common()
        .forEach(
            (k, v) -> {
              if (KubernetesNames.isLabelKey(k)
                  && KubernetesNames.isLabelValue(v)
                  && RELEASE_BOUND.contains(k) == releaseBound) {
                out.add(Map.entry(k, v));
              }
            });
    out.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> rank(e.getKey()))
            .thenComparing(Map.Entry::getKey));
    return out;
  }

  /**
   * The first combination of {@code size} candidates, in preference order, selecting no other pod.
   */
  private List<Map.Entry<String, String>> search(
      String workload, List<Map.Entry<String, String>> candidates, int size) {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    while (true) {
      List<Map.Entry<String, String>> selector = new ArrayList<>(size);
      for (int i : idx) {
        selector.add(candidates.get(i));
      }
      if (!selectsOther(workload, selector)) {
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

  /** The sets (of any workload) a matchLabels selector selects. */
  private BitSet selected(Collection<Map.Entry<String, String>> selector) {
    BitSet out = null;
    for (Map.Entry<String, String> e : selector) {
      BitSet carrying = index.get(pair(e.getKey(), e.getValue()));
      if (carrying == null) {
        return new BitSet();
      }
      if (out == null) {
        out = (BitSet) carrying.clone();
      } else {
        out.and(carrying);
      }
    }
    if (out == null) {
      out = new BitSet();
      out.set(0, owners.size());
    }
    return out;
  }

  private boolean selectsOther(String workload, List<Map.Entry<String, String>> selector) {
    BitSet s = selected(selector);
    int[] own = ranges.get(workload);
    s.clear(own[0], own[1]);
    return !s.isEmpty();
  }

  private List<String> alsoSelects(String workload, Map<String, String> selector) {
    BitSet s = selected(selector.entrySet());
    TreeSet<String> out = new TreeSet<>();
    s.stream().mapToObj(owners::get).filter(w -> !w.equals(workload)).forEach(out::add);
    return List.copyOf(out);
  }

  /**
   * One {@code key In (values)} selector selecting every pod of {@code group} (two or more
   * workloads) and no pod of any other workload seen in the namespace, if one exists: a key every
   * member carries on all its pods, with a value set no other workload's pods carry.
   */
  Optional<Selector> in(Collection<String> group) {
    if (group.size() < 2 || !sets.keySet().containsAll(group)) {
      return Optional.empty();
    }
    String first = group.iterator().next();
    for (Map.Entry<String, String> candidate :
        stable.computeIfAbsent(first, w -> candidates(w, false))) {
      String key = candidate.getKey();
      TreeSet<String> values = new TreeSet<>();
      boolean everyMember = true;
      for (String member : group) {
        String v = sets.get(member).common().get(key);
        if (v == null || !KubernetesNames.isLabelValue(v)) {
          everyMember = false;
          break;
        }
        values.add(v);
      }
      if (!everyMember) {
        continue;
      }
      BitSet selected = new BitSet();
      for (String v : values) {
        BitSet carrying = index.get(pair(key, v));
        if (carrying != null) {
          selected.or(carrying);
        }
      }
      for (String member : group) {
        int[] own = ranges.get(member);
        selected.clear(own[0], own[1]);
      }
      if (selected.isEmpty()) {
        // One value is plain equality, which reads better.
        return Optional.of(
            values.size() == 1
                ? Selector.of(new TreeMap<>(Map.of(key, values.first())))
                : Selector.in(key, List.copyOf(values)));
      }
    }
    return Optional.empty();
  }

  private static String pair(String key, String value) {
    return key + '=' + value;
  }

  private static SortedMap<String, String> toMap(List<Map.Entry<String, String>> entries) {
    SortedMap<String, String> out = new TreeMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Keys whose values change with every release: a selector on them breaks at the next upgrade, so
   * they are used only when nothing else tells a workload apart, and then reported.
   */
  static final java.util.Set<String> RELEASE_BOUND =
      java.util.Set.of("app.kubernetes.io/version", "helm.sh/chart", "chart", "version");

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
      case "release":
        return 7;
      default:
        return key.startsWith("app.kubernetes.io/") ? 3 : 6;
    }
  }
}
