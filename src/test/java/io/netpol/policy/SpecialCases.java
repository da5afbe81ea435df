package io.netpol.policy;

import static io.netpol.policy.Case.allowed;
import static io.netpol.policy.Case.denied;
import static io.netpol.policy.Direction.EGRESS;
import static io.netpol.policy.Direction.INGRESS;
import static io.netpol.policy.Fixtures.np;
import static io.netpol.policy.Fixtures.pod;
import static io.netpol.policy.Fixtures.tcp;
import static io.netpol.policy.Fixtures.udp;
import static io.netpol.policy.IsolationCases.DB;
import static io.netpol.policy.IsolationCases.DENY_EGRESS;
import static io.netpol.policy.IsolationCases.PORT_ONLY;
import static io.netpol.policy.IsolationCases.WEB;
import static io.netpol.policy.MismatchReason.NO_RULES;
import static io.netpol.policy.MismatchReason.PEER_NAMESPACE_LABELS_MISMATCH;
import static io.netpol.policy.MismatchReason.PORT_MISMATCH;
import static io.netpol.policy.SideStatus.ALLOWED_BY_POLICY;
import static io.netpol.policy.SideStatus.ALLOWED_OWN_NODE;
import static io.netpol.policy.SideStatus.ALLOWED_SELF;
import static io.netpol.policy.SideStatus.NOT_APPLICABLE;
import static io.netpol.policy.SideStatus.NOT_ISOLATED;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.stream.Stream;

/** Own node, self, both sides of a connection, non-pod ends and the DNS trap. */
final class SpecialCases {
  private SpecialCases() {}

  private static final NetworkPolicy DENY_ALL =
      np("shop", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]");

  static Stream<Case> cases() {
    return Stream.concat(exemptions(), Stream.concat(bothSides(), dnsTrap()));
  }

  static Stream<Case> exemptions() {
    PodPeer webOnA = WEB.withNode("node-a");
    return Stream.of(
        allowed(
                "traffic from a pod's own node is always allowed, whatever the policies",
                tcp(Peer.node("10.0.0.5", "node-a"), webOnA, 8080),
                DENY_ALL)
            .status(INGRESS, ALLOWED_OWN_NODE)
            .status(EGRESS, NOT_APPLICABLE),
        allowed(
                "traffic to a pod's own node is always allowed, whatever the policies",
                tcp(webOnA, Peer.node("10.0.0.5", "node-a"), 10250),
                DENY_ALL)
            .status(EGRESS, ALLOWED_OWN_NODE),
        denied(
                "traffic from another node is subject to the policies",
                tcp(Peer.node("10.0.0.6", "node-b"), webOnA, 8080),
                DENY_ALL)
            .because(INGRESS, "shop/deny-all", NO_RULES),
        denied(
                "an address not known as a node is subject to the policies",
                tcp(Peer.ip("10.0.0.5"), webOnA, 8080),
                DENY_ALL)
            .because(INGRESS, "shop/deny-all", NO_RULES),
        allowed("a pod can always reach itself", tcp(WEB, WEB, 8080), DENY_ALL)
            .status(EGRESS, ALLOWED_SELF)
            .status(INGRESS, ALLOWED_SELF),
        denied(
                "another pod with the same labels is not the pod itself",
                tcp(WEB, WEB.withName("web-2"), 8080),
                DENY_ALL)
            .because(EGRESS, "shop/deny-all", NO_RULES)
            .because(INGRESS, "shop/deny-all", NO_RULES));
  }

  static Stream<Case> bothSides() {
    PodPeer tracker = pod("ads", "tracker");
    NetworkPolicy adsToShop =
        np(
            "ads",
            "to-shop",
            """
        podSelector: {}
        policyTypes: [Egress]
        egress:
        - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]
          ports: [{port: 5432}]""");
    NetworkPolicy shopFromAds =
        np(
            "shop",
            "from-ads",
            """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ads}}}]""");
    NetworkPolicy webEgressAny =
        np(
            "shop",
            "web-out",
            """
        podSelector: {matchLabels: {app: web}}
        policyTypes: [Egress]
        egress:
        - {}""");
    NetworkPolicy dbDenyIngress =
        np(
            "shop",
            "db-closed",
            """
        podSelector: {matchLabels: {app: db}}
        policyTypes: [Ingress]""");
    return Stream.of(
        denied(
                "a connection needs egress allowed at the client even when the server accepts it",
                tcp(WEB, DB, 5432),
                DENY_EGRESS)
            .because(EGRESS, "shop/deny-egress", NO_RULES)
            .status(INGRESS, NOT_ISOLATED),
        denied(
                "a connection needs ingress allowed at the server even when the client may send it",
                tcp(WEB, DB, 5432),
                webEgressAny,
                dbDenyIngress)
            .status(EGRESS, ALLOWED_BY_POLICY)
            .because(INGRESS, "shop/db-closed", NO_RULES),
        allowed(
                "a connection allowed at egress and at ingress by policies of both namespaces",
                tcp(tracker, DB, 5432),
                adsToShop,
                shopFromAds)
            .allowedBy(EGRESS, "ads/to-shop", 0)
            .allowedBy(INGRESS, "shop/from-ads", 0),
        allowed(
                "a client that is not a pod is judged by the server's ingress alone",
                tcp(Peer.ip("203.0.113.7"), DB, 5432),
                PORT_ONLY)
            .status(EGRESS, NOT_APPLICABLE)
            .allowedBy(INGRESS, "shop/port-only", 0),
        allowed(
                "a server that is not a pod is judged by the client's egress alone",
                tcp(WEB, Peer.ip("203.0.113.7"), 443),
                webEgressAny)
            .status(INGRESS, NOT_APPLICABLE)
            .allowedBy(EGRESS, "shop/web-out", 0));
  }

  static Stream<Case> dnsTrap() {
    NetworkPolicy allowDns =
        np(
            "voting-app",
            "allow-dns",
            """
        podSelector: {}
        policyTypes: [Egress]
        egress:
        - to:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
            podSelector: {matchLabels: {k8s-app: kube-dns}}
          ports:
          - {port: 53, protocol: UDP}
          - {port: 53, protocol: TCP}""");
    PodPeer vote = pod("voting-app", "vote");
    PodPeer result = pod("voting-app", "result");
    PodPeer coredns = PodPeer.of("kube-system", Map.of("k8s-app", "kube-dns")).withName("coredns");
    return Stream.of(
        denied(
                "the DNS trap: an allow-DNS egress policy egress-isolates its pods, so pod to pod on 8000 is denied",
                tcp(vote, result, 8000),
                allowDns)
            .because(EGRESS, "voting-app/allow-dns", PORT_MISMATCH, "allows 53/TCP")
            .because(
                EGRESS,
                "voting-app/allow-dns",
                PEER_NAMESPACE_LABELS_MISMATCH,
                "kubernetes.io/metadata.name=kube-system expected, found kubernetes.io/metadata.name=voting-app")
            .status(INGRESS, NOT_ISOLATED),
        allowed(
                "the allow-DNS egress policy allows DNS over UDP to kube-dns",
                udp(vote, coredns, 53),
                allowDns)
            .allowedBy(EGRESS, "voting-app/allow-dns", 0),
        allowed(
            "the allow-DNS egress policy allows DNS over TCP to kube-dns",
            tcp(vote, coredns, 53),
            allowDns));
  }
}
