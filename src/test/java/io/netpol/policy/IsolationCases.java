package io.netpol.policy;

import static io.netpol.policy.Case.allowed;
import static io.netpol.policy.Case.denied;
import static io.netpol.policy.Direction.EGRESS;
import static io.netpol.policy.Direction.INGRESS;
import static io.netpol.policy.Fixtures.np;
import static io.netpol.policy.Fixtures.pod;
import static io.netpol.policy.Fixtures.sctp;
import static io.netpol.policy.Fixtures.tcp;
import static io.netpol.policy.Fixtures.udp;
import static io.netpol.policy.MismatchReason.NO_RULES;
import static io.netpol.policy.MismatchReason.PEER_KIND;
import static io.netpol.policy.MismatchReason.PEER_NAMESPACE_NOT_POLICY_NAMESPACE;
import static io.netpol.policy.MismatchReason.PORT_MISMATCH;
import static io.netpol.policy.SideStatus.NOT_ISOLATED;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.stream.Stream;

/** Isolation per direction, policyTypes defaulting, additive rules, absent versus empty fields. */
final class IsolationCases {
  private IsolationCases() {}

  static final PodPeer WEB = pod("shop", "web");
  static final PodPeer DB = pod("shop", "db");
  static final PodPeer TRACKER = pod("ads", "tracker");

  static final NetworkPolicy DENY_INGRESS =
      np("shop", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]");
  static final NetworkPolicy DENY_EGRESS =
      np("shop", "deny-egress", "podSelector: {}\npolicyTypes: [Egress]");
  static final NetworkPolicy ALLOW_WEB =
      np(
          "shop",
          "allow-web",
          """
      podSelector: {matchLabels: {app: db}}
      ingress:
      - from: [{podSelector: {matchLabels: {app: web}}}]""");
  static final NetworkPolicy DB_EGRESS =
      np(
          "shop",
          "db-egress",
          """
      podSelector: {matchLabels: {app: db}}
      egress:
      - to: [{ipBlock: {cidr: 10.0.0.0/8}}]""");
  static final NetworkPolicy PORT_ONLY =
      np("shop", "port-only", "podSelector: {}\ningress:\n- ports: [{port: 5432}]");

  static Stream<Case> cases() {
    return Stream.concat(
        isolation(), Stream.concat(defaults(), Stream.concat(additive(), emptiness())));
  }

  static Stream<Case> isolation() {
    return Stream.of(
        allowed(
                "pods no policy selects are non-isolated and accept every connection",
                tcp(WEB, DB, 5432))
            .status(INGRESS, NOT_ISOLATED)
            .status(EGRESS, NOT_ISOLATED),
        allowed(
                "a policy isolates only pods of its own namespace",
                tcp(WEB, DB, 5432),
                np("ads", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]"))
            .status(INGRESS, NOT_ISOLATED),
        allowed(
                "a policy isolates only the pods its podSelector selects",
                tcp(WEB, DB, 5432),
                np(
                    "shop",
                    "cache-only",
                    "podSelector: {matchLabels: {app: cache}}\npolicyTypes: [Ingress]"))
            .status(INGRESS, NOT_ISOLATED),
        denied(
                "a pod selected by an Ingress policy without ingress rules accepts no ingress",
                tcp(WEB, DB, 5432),
                DENY_INGRESS)
            .because(INGRESS, "shop/deny-ingress", NO_RULES, "allows no ingress"),
        allowed(
                "an Ingress-only policy leaves egress of its pods non-isolated",
                tcp(WEB, TRACKER, 80),
                DENY_INGRESS)
            .status(EGRESS, NOT_ISOLATED),
        denied(
                "a pod selected by an Egress policy without egress rules sends no egress",
                tcp(WEB, TRACKER, 80),
                DENY_EGRESS)
            .because(EGRESS, "shop/deny-egress", NO_RULES),
        allowed(
                "an Egress-only policy leaves ingress of its pods non-isolated",
                tcp(TRACKER, WEB, 80),
                DENY_EGRESS)
            .status(INGRESS, NOT_ISOLATED));
  }

  static Stream<Case> defaults() {
    return Stream.of(
        allowed(
                "policyTypes defaults to Ingress alone when the policy has only ingress rules",
                tcp(DB, TRACKER, 443),
                ALLOW_WEB)
            .status(EGRESS, NOT_ISOLATED),
        denied(
                "policyTypes defaults to Ingress plus Egress when egress is present: ingress is isolated",
                tcp(WEB, DB, 5432),
                DB_EGRESS)
            .because(INGRESS, "shop/db-egress", NO_RULES),
        denied(
                "policyTypes defaults to Ingress plus Egress when egress is present: egress is isolated",
                tcp(DB, TRACKER, 443),
                DB_EGRESS)
            .because(EGRESS, "shop/db-egress", PEER_KIND, "has no known IP"),
        allowed(
                "policyTypes defaults to Ingress alone for egress: [] since the API server needs len(egress) > 0",
                tcp(DB, TRACKER, 443),
                np("shop", "empty-egress", "podSelector: {}\negress: []"))
            .status(EGRESS, NOT_ISOLATED),
        allowed(
                "policyTypes [Ingress] ignores the egress rules the policy also has",
                tcp(DB, TRACKER, 443),
                np(
                    "shop",
                    "ingress-only",
                    """
                podSelector: {}
                policyTypes: [Ingress]
                egress:
                - to: [{ipBlock: {cidr: 10.0.0.0/8}}]"""))
            .status(EGRESS, NOT_ISOLATED),
        denied(
                "policyTypes [Ingress, Egress] without rules denies both directions",
                tcp(WEB, DB, 5432),
                np("shop", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]"))
            .because(EGRESS, "shop/deny-all", NO_RULES)
            .because(INGRESS, "shop/deny-all", NO_RULES, "allows no ingress"),
        denied(
                "an empty podSelector selects every pod in the policy's namespace",
                tcp(TRACKER, pod("shop", "cache"), 6379),
                DENY_INGRESS)
            .because(INGRESS, "shop/deny-ingress", NO_RULES),
        denied(
                "an absent podSelector is treated as {} and selects every pod",
                tcp(TRACKER, DB, 5432),
                np("shop", "no-selector", "policyTypes: [Ingress]"))
            .because(INGRESS, "shop/no-selector", NO_RULES));
  }

  static Stream<Case> additive() {
    NetworkPolicy twoRules =
        np(
            "shop",
            "two-rules",
            """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
        - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ads}}}]""");
    return Stream.of(
        allowed(
                "allow rules are additive across policies: a default deny plus an allow policy allows",
                tcp(WEB, DB, 5432),
                DENY_INGRESS,
                ALLOW_WEB)
            .allowedBy(INGRESS, "shop/allow-web", 0),
        denied(
                "when no isolating policy allows a connection each of them reports why",
                tcp(TRACKER, DB, 5432),
                DENY_INGRESS,
                ALLOW_WEB)
            .because(INGRESS, "shop/deny-ingress", NO_RULES)
            .because(INGRESS, "shop/allow-web", PEER_NAMESPACE_NOT_POLICY_NAMESPACE),
        allowed(
                "rules of one policy are ORed: a later rule allows what an earlier one does not",
                tcp(TRACKER, DB, 5432),
                twoRules)
            .allowedBy(INGRESS, "shop/two-rules", 1));
  }

  static Stream<Case> emptiness() {
    return Stream.of(
        allowed(
                "a rule without from allows every source pod on its ports",
                tcp(TRACKER, DB, 5432),
                PORT_ONLY)
            .allowedBy(INGRESS, "shop/port-only", 0),
        allowed(
            "a rule without from allows every source address on its ports",
            tcp(Peer.ip("203.0.113.9"), DB, 5432),
            PORT_ONLY),
        denied("a rule without from still restricts the port", tcp(TRACKER, DB, 22), PORT_ONLY)
            .because(INGRESS, "shop/port-only", PORT_MISMATCH, "allows 5432/TCP"),
        allowed(
            "an empty from list matches every source",
            tcp(Peer.ip("203.0.113.9"), DB, 5432),
            np(
                "shop",
                "empty-from",
                "podSelector: {}\ningress:\n- from: []\n  ports: [{port: 5432}]")),
        allowed(
                "a rule without ports allows every port and protocol",
                udp(WEB, DB, 9999),
                ALLOW_WEB)
            .allowedBy(INGRESS, "shop/allow-web", 0),
        allowed(
            "an empty ports list matches every port and protocol",
            sctp(WEB, DB, 3868),
            np(
                "shop",
                "empty-ports",
                "podSelector: {}\ningress:\n- from: [{podSelector: {}}]\n  ports: []")),
        allowed(
                "an empty ingress rule {} allows all ingress",
                tcp(Peer.ip("198.51.100.1"), DB, 22),
                np("shop", "allow-all-in", "podSelector: {}\ningress:\n- {}"))
            .allowedBy(INGRESS, "shop/allow-all-in", 0),
        allowed(
                "an empty egress rule {} allows all egress",
                udp(WEB, Peer.ip("8.8.8.8"), 53),
                np(
                    "shop",
                    "allow-all-out",
                    "podSelector: {}\npolicyTypes: [Egress]\negress:\n- {}"))
            .allowedBy(EGRESS, "shop/allow-all-out", 0));
  }
}
