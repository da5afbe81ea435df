package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PodSelectorsTest {

  /** The selectors of a namespace whose workloads were seen with these label sets. */
  private static PodSelectors choose(SortedMap<String, List<SortedMap<String, String>>> ns) {
    SortedMap<String, LabelSets> sets = new TreeMap<>();
    ns.forEach(
        (w, list) -> {
          LabelSets s = new LabelSets();
          list.forEach(s::add);
          sets.put(w, s);
        });
    return PodSelectors.of(sets);
  }

  private static SortedMap<String, String> labels(String... kv) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void prefers_the_conventional_keys_among_equally_small_sets() {
    SortedMap<String, List<SortedMap<String, String>>> ns = new TreeMap<>();
    ns.put("web", List.of(labels("app", "web", "app.kubernetes.io/name", "web", "zone", "z1")));
    ns.put("api", List.of(labels("app", "api", "app.kubernetes.io/name", "api", "zone", "z1")));
    assertEquals(Map.of("app.kubernetes.io/name", "web"), choose(ns).selection("web").labels());
  }

  @Test
  void finds_the_smallest_combination_when_no_single_label_is_unique() {
    SortedMap<String, List<SortedMap<String, String>>> ns = new TreeMap<>();
    ns.put("a", List.of(labels("app", "x", "tier", "1")));
    ns.put("b", List.of(labels("app", "x", "tier", "2")));
    ns.put("c", List.of(labels("app", "y", "tier", "1")));
    PodSelectors.Selection a = choose(ns).selection("a");
    assertTrue(a.exact());
    assertEquals(Map.of("app", "x", "tier", "1"), a.labels());
  }

  @Test
  void uses_only_labels_every_pod_of_the_workload_has() {
    SortedMap<String, List<SortedMap<String, String>>> ns = new TreeMap<>();
    ns.put("a", List.of(labels("app", "a", "version", "v1"), labels("app", "a", "version", "v2")));
    assertEquals(Map.of("app", "a"), choose(ns).selection("a").labels());
  }

  @Test
  void says_why_when_no_exact_selector_exists() {
    SortedMap<String, List<SortedMap<String, String>>> ns = new TreeMap<>();
    ns.put("web", List.of(labels("app", "web")));
    ns.put("web-canary", List.of(labels("app", "web", "track", "canary")));
    PodSelectors.Selection web = choose(ns).selection("web");
    assertFalse(web.exact());
    assertEquals(List.of("web-canary"), web.alsoSelects());
    assertEquals(Map.of("app", "web"), web.labels());
    assertTrue(choose(ns).selection("web-canary").exact());
  }
}
