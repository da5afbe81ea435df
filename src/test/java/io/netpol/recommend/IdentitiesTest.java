package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentitiesTest {

  static ObservedConnection conn(Endpoint a, Endpoint b) {
    return new ObservedConnection(a, b, 80, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
  }

  @Test
  void names_kubernetes_refuses_are_left_out_and_counted_once_per_value() {
    Endpoint bad = Endpoint.pod("Bad_NS", "web", Map.of("app", "web"));
    Endpoint good = Endpoint.pod("shop", "api", Map.of("app", "api"));
    Identities ids =
        Identities.of(
            RecommendInput.of(List.of(conn(bad, good), conn(good, bad))),
            RecommendOptions.defaults());
    assertTrue(ids.connections().isEmpty());
    assertEquals(1, ids.rejected().size());
    assertEquals(2, ids.rejected().get(0).connections());
  }

  @Test
  void a_network_set_whose_name_is_no_kubernetes_name_is_refused() {
    Endpoint pod = Endpoint.pod("shop", "api", Map.of("app", "api"));
    Identities ids =
        Identities.of(
            RecommendInput.of(List.of(conn(Endpoint.network(null, "x\u001b[2J", null), pod))),
            RecommendOptions.defaults());
    assertEquals("network set", ids.rejected().get(0).what());
  }

  @Test
  void the_default_scope_is_every_namespace_with_pods_but_the_system_ones() {
    Endpoint web = Endpoint.pod("shop", "web", Map.of("app", "web"));
    Endpoint dns = Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns"));
    Identities ids =
        Identities.of(RecommendInput.of(List.of(conn(web, dns))), RecommendOptions.defaults());
    assertEquals(Set.of("shop"), ids.scope());
    assertEquals(Set.of("kube-system", "shop"), ids.namespacesWithPods());
  }

  @Test
  void selectors_ignore_volatile_labels_and_come_from_every_label_set_seen() {
    WorkloadKey web = new WorkloadKey("shop", "web");
    Map<WorkloadKey, List<Map<String, String>>> sets =
        Map.of(
            web,
            List.of(
                Map.of("app", "web", "pod-template-hash", "a1", "track", "stable"),
                Map.of("app", "web", "pod-template-hash", "b2", "track", "canary")));
    Identities ids =
        Identities.of(
            new RecommendInput(List.of(), sets, Map.of(), Map.of()), RecommendOptions.defaults());
    assertEquals(Map.of("app", "web"), ids.selection(web).labels());
    assertTrue(ids.selection(web).exact());
    assertFalse(ids.selectable(new WorkloadKey("shop", "never-seen")));
  }

  @Test
  void label_sets_per_workload_are_capped_with_a_note_and_the_selector_stays_right() {
    WorkloadKey w = new WorkloadKey("shop", "web");
    WorkloadKey other = new WorkloadKey("shop", "api");
    List<Map<String, String>> many = new ArrayList<>();
    for (int i = 0; i < LabelSets.MAX_KEPT + 500; i++) {
      many.add(Map.of("app", "web", "build", "b" + i));
    }
    Identities ids =
        Identities.of(
            new RecommendInput(
                List.of(), Map.of(w, many, other, List.of(Map.of("build", "b1200"))),
                Map.of(), Map.of()),
            RecommendOptions.defaults());
    assertEquals(Map.of("app", "web"), ids.selection(w).labels());
    assertTrue(
        ids.notes().get(0).startsWith("shop/web: more than 1,000 distinct"), ids.notes()::toString);
    // api's only label is one a set beyond the cap had: the check against every label web's pods
    // carried still sees that build=b1200 also selects web.
    assertFalse(ids.selection(other).exact(), ids.selection(other)::toString);
  }

  @Test
  void several_workloads_share_an_in_selector_only_when_it_is_exact() {
    Map<WorkloadKey, List<Map<String, String>>> sets = new java.util.TreeMap<>();
    for (String app : List.of("a", "b", "c")) {
      sets.put(new WorkloadKey("shop", app), List.of(Map.of("app", app, "team", "t")));
    }
    sets.put(new WorkloadKey("shop", "d"), List.of(Map.of("team", "t", "tier", "x")));
    Identities ids =
        Identities.of(
            new RecommendInput(List.of(), sets, Map.of(), Map.of()), RecommendOptions.defaults());
    assertEquals(
        Selector.in("app", List.of("a", "b")), ids.in("shop", List.of("a", "b")).orElseThrow());
    // d has no app label: no key is common to the group.
    assertTrue(ids.in("shop", List.of("a", "d")).isEmpty());
  }
}
