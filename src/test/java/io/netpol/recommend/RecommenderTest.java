package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommenderTest {

  static final Endpoint WEB =
      Endpoint.pod("shop", "web", Map.of("app", "web", "pod-template-hash", "abc"));
  static final Endpoint API = Endpoint.pod("shop", "api", Map.of("app", "api", "release", "r1"));
  static final Endpoint DNS = Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns"));
  static final String PREFIX = RecommendOptions.DEFAULT_NAME_PREFIX;
  static final long T = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

  static ObservedConnection allowed(Endpoint c, Endpoint s, int port, long count, long last) {
    return new ObservedConnection(c, s, port, Protocol.TCP, Verdict.ALLOWED, count, T, last);
  }

  static Proposal propose(RecommendOptions options, ObservedConnection... cs) {
    return Recommender.propose(RecommendInput.of(List.of(cs)), options);
  }

  /** The policy named {@code name} after the default name prefix. */
  static NetworkPolicy policy(Proposal p, String ns, String name) {
    return p.policies().get(ns).stream()
        .filter(x -> x.getMetadata().getName().equals(PREFIX + name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void volatile_labels_are_never_selected() {
    Proposal p =
        propose(
            RecommendOptions.defaults().withExtraVolatileLabels(List.of("release")),
            allowed(WEB, API, 8080, 3, T));
    assertEquals(
        Map.of("app", "web"),
        policy(p, "shop", "web-egress").getSpec().getPodSelector().getMatchLabels());
    assertEquals(
        Map.of("app", "api"),
        policy(p, "shop", "api-ingress").getSpec().getPodSelector().getMatchLabels());
  }

  @Test
  void min_count_and_since_drop_weak_and_old_evidence_and_say_so() {
    Proposal p =
        propose(
            RecommendOptions.defaults().withMinCount(5).withSince(Instant.ofEpochMilli(T + 1000)),
            allowed(WEB, API, 8080, 2, T + 5000),
            allowed(WEB, API, 9090, 50, T),
            allowed(WEB, API, 7070, 50, T + 5000));
    List<Review.Dropped> dropped = p.review().dropped();
    assertEquals(2, dropped.size());
    assertTrue(dropped.get(0).reason().contains("below --min-count 5"), dropped.toString());
    assertTrue(dropped.get(1).reason().contains("before --since"), dropped.toString());
    PolicyCheck check = new PolicyCheck(p);
    assertTrue(check.allows(allowed(WEB, API, 7070, 1, T)));
    assertFalse(check.allows(allowed(WEB, API, 8080, 1, T)));
    assertFalse(check.allows(allowed(WEB, API, 9090, 1, T)));
  }

  @Test
  void denied_and_audit_connections_go_to_review_never_to_rules() {
    ObservedConnection denied =
        new ObservedConnection(WEB, API, 22, Protocol.TCP, Verdict.DENIED, 4, T, T);
    ObservedConnection audit =
        new ObservedConnection(WEB, API, 23, Protocol.TCP, Verdict.AUDIT, 4, T, T);
    Proposal p = propose(RecommendOptions.defaults(), denied, audit);
    assertEquals(
        List.of(PeerClassifier.DENIED, PeerClassifier.AUDIT),
        p.review().needsReview().stream().map(Review.Flagged::reason).toList());
    assertEquals(
        List.of(PREFIX + "default-deny"),
        p.policies().get("shop").stream().map(x -> x.getMetadata().getName()).toList());
  }

  @Test
  void world_peers_are_single_addresses_unless_a_prefix_or_any_is_asked_for() {
    Endpoint world = Endpoint.world("203.0.113.77", Set.of("api.example.com"));
    ObservedConnection c = allowed(WEB, world, 443, 3, T);
    assertEquals("203.0.113.77/32", cidr(propose(RecommendOptions.defaults(), c)));
    assertEquals(
        "203.0.113.0/24", cidr(propose(RecommendOptions.defaults().withWorldPrefix(24), c)));
    Proposal any = propose(RecommendOptions.defaults().withAllowAnyWorld(true), c);
    assertEquals("0.0.0.0/0", cidr(any));
    assertEquals(
        List.of(
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.168.0.0/16"),
        policy(any, "shop", "web-egress")
            .getSpec()
            .getEgress()
            .get(0)
            .getTo()
            .get(0)
            .getIpBlock()
            .getExcept());
    assertEquals(
        "2001:db8::1/128",
        cidr(
            propose(
                RecommendOptions.defaults(),
                allowed(WEB, Endpoint.world("2001:db8:0:0::1", null), 443, 1, T))));
  }

  @Test
  void unknown_addresses_are_broad_and_marked_by_default_and_reported_when_dropped() {
    ObservedConnection[] cs = {
      allowed(WEB, Endpoint.world(null, null), 443, 3, T),
      allowed(WEB, Endpoint.apiserver(null), 6443, 3, T),
      allowed(WEB, Endpoint.service("other", "svc"), 80, 3, T)
    };
    Proposal broad = propose(RecommendOptions.defaults(), cs);
    assertEquals(
        List.of(PeerClassifier.SERVICE_ONLY + "service other/svc"),
        broad.review().needsReview().stream().map(Review.Flagged::reason).toList());
    PolicyCheck check = new PolicyCheck(broad);
    assertTrue(check.allows(allowed(WEB, Endpoint.world("198.51.100.4", null), 443, 1, T)));
    assertFalse(check.allows(allowed(WEB, Endpoint.world("198.51.100.4", null), 80, 1, T)));
    assertFalse(check.allows(allowed(WEB, Endpoint.world("169.254.169.254", null), 443, 1, T)));
    assertTrue(check.allows(allowed(WEB, Endpoint.world("10.1.2.3", null), 6443, 1, T)));
    assertTrue(
        broad.review().wideRules().stream()
            .allMatch(
                w -> w.wideness() == Review.Wideness.BROAD && w.reason().contains("--cluster")),
        broad.review().wideRules()::toString);
    assertEquals(2, broad.review().wideRules().size());

    Proposal dropped =
        propose(
            RecommendOptions.defaults().withUnknownPeers(RecommendOptions.UnknownPeers.DROP), cs);
    assertEquals(3, dropped.review().needsReview().size());
    assertFalse(
        dropped.policies().get("shop").stream()
            .anyMatch(x -> x.getMetadata().getName().equals(PREFIX + "web-egress")));
  }

  @Test
  void known_hosts_and_the_api_server_become_ip_blocks_and_the_own_node_needs_nothing() {
    Proposal p =
        propose(
            RecommendOptions.defaults(),
            allowed(WEB, Endpoint.apiserver("172.18.0.2"), 6443, 3, T),
            allowed(Endpoint.ownNodeHost(), WEB, 8080, 3, T));
    assertEquals("172.18.0.2/32", cidr(p));
    assertFalse(
        p.policies().get("shop").stream()
            .anyMatch(x -> x.getMetadata().getName().equals(PREFIX + "web-ingress")));
    assertTrue(new PolicyCheck(p).allows(allowed(Endpoint.ownNodeHost(), WEB, 8080, 1, T)));
  }

  @Test
  void system_namespaces_are_out_of_scope_unless_named() {
    ObservedConnection dns =
        new ObservedConnection(WEB, DNS, 53, Protocol.UDP, Verdict.ALLOWED, 3, T, T);
    assertEquals(Set.of("shop"), propose(RecommendOptions.defaults(), dns).policies().keySet());
    assertEquals(
        Set.of("kube-system"),
        propose(RecommendOptions.defaults().withNamespaces(Set.of("kube-system")), dns)
            .policies()
            .keySet());
    assertEquals(
        Set.of(),
        propose(RecommendOptions.defaults().withExcludedNamespaces(Set.of("shop")), dns)
            .policies()
            .keySet());
  }

  @Test
  void the_same_input_in_any_order_gives_equal_policies() {
    List<ObservedConnection> cs =
        new ArrayList<>(
            List.of(
                allowed(WEB, API, 8080, 3, T),
                allowed(API, WEB, 80, 1, T),
                new ObservedConnection(WEB, DNS, 53, Protocol.UDP, Verdict.ALLOWED, 3, T, T),
                allowed(WEB, Endpoint.world("203.0.113.9", null), 443, 1, T),
                allowed(WEB, Endpoint.world("203.0.113.10", null), 443, 1, T)));
    Proposal first = Recommender.propose(RecommendInput.of(cs), RecommendOptions.defaults());
    Collections.reverse(cs);
    Proposal second = Recommender.propose(RecommendInput.of(cs), RecommendOptions.defaults());
    assertEquals(first.all(), second.all());
  }

  @Test
  void long_workload_names_are_shortened_with_a_hash() {
    String name = "a".repeat(253);
    Endpoint longPod = Endpoint.pod("shop", name, Map.of("app", "long"));
    Proposal p = propose(RecommendOptions.defaults(), allowed(longPod, API, 80, 1, T));
    String policy = p.policies().get("shop").get(1).getMetadata().getName();
    assertTrue(
        policy.length() <= KubernetesNames.MAX_POLICY_NAME && policy.endsWith("-egress"), policy);
    assertTrue(KubernetesNames.isDns1123Subdomain(policy), policy);
  }

  private static String cidr(Proposal p) {
    return policy(p, "shop", "web-egress")
        .getSpec()
        .getEgress()
        .get(0)
        .getTo()
        .get(0)
        .getIpBlock()
        .getCidr();
  }
}
