package io.netpol.policy;

import static io.netpol.policy.Case.allowed;
import static io.netpol.policy.Case.denied;
import static io.netpol.policy.Direction.INGRESS;
import static io.netpol.policy.Fixtures.np;
import static io.netpol.policy.Fixtures.pod;
import static io.netpol.policy.Fixtures.tcp;
import static io.netpol.policy.IsolationCases.ALLOW_WEB;
import static io.netpol.policy.IsolationCases.DB;
import static io.netpol.policy.IsolationCases.WEB;
import static io.netpol.policy.MismatchReason.NO_RULES;
import static io.netpol.policy.MismatchReason.PEER_KIND;
import static io.netpol.policy.MismatchReason.PEER_NAMESPACE_LABELS_MISMATCH;
import static io.netpol.policy.MismatchReason.PEER_NAMESPACE_NOT_POLICY_NAMESPACE;
import static io.netpol.policy.MismatchReason.PEER_POD_LABELS_MISMATCH;
import static io.netpol.policy.SideStatus.NOT_ISOLATED;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.stream.Stream;

/** Peer selection: podSelector, namespaceSelector, their AND and OR, and matchExpressions. */
final class PeerCases {
  private PeerCases() {}

  private static final PodPeer ADS_TRACKER = teamPod("ads", "tracker", "ads");
  private static final PodPeer ADS_BILLING = teamPod("ads", "billing", "ads");
  private static final PodPeer SHOP_TRACKER = pod("shop", "tracker");

  private static final NetworkPolicy FROM_TEAM_ADS =
      np(
          "shop",
          "from-team-ads",
          "podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: ads}}}]");
  private static final NetworkPolicy FROM_ALL_NAMESPACES =
      np("shop", "from-all-ns", "podSelector: {}\ningress:\n- from: [{namespaceSelector: {}}]");
  private static final NetworkPolicy AND =
      np(
          "shop",
          "and",
          """
      podSelector: {matchLabels: {app: db}}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {team: ads}}
          podSelector: {matchLabels: {app: tracker}}""");
  private static final NetworkPolicy OR =
      np(
          "shop",
          "or",
          """
      podSelector: {matchLabels: {app: db}}
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {team: ads}}
        - podSelector: {matchLabels: {app: tracker}}""");

  static Stream<Case> cases() {
    return Stream.concat(selectors(), Stream.concat(andOr(), expressions()));
  }

  private static PodPeer teamPod(String namespace, String app, String team) {
    return pod(namespace, app).withNamespaceLabels(Map.of("team", team));
  }

  static Stream<Case> selectors() {
    PodPeer vote = pod("voting-app", "vote");
    PodPeer votingDb = pod("voting-data", "db");
    return Stream.of(
        allowed(
            "a podSelector alone selects matching pods of the policy's own namespace",
            tcp(WEB, DB, 5432),
            ALLOW_WEB),
        denied(
                "a podSelector alone never selects pods of other namespaces",
                tcp(pod("ads", "web"), DB, 5432),
                ALLOW_WEB)
            .because(
                INGRESS,
                "shop/allow-web",
                PEER_NAMESPACE_NOT_POLICY_NAMESPACE,
                "only pods in namespace shop, but the peer is in namespace ads"),
        denied(
                "a podSelector rejects pods without its labels",
                tcp(pod("shop", "cache"), DB, 5432),
                ALLOW_WEB)
            .because(
                INGRESS,
                "shop/allow-web",
                PEER_POD_LABELS_MISMATCH,
                "app=web expected, found app=cache"),
        denied(
                "a podSelector selects pods only, never addresses",
                tcp(Peer.ip("10.1.2.3"), DB, 5432),
                ALLOW_WEB)
            .because(INGRESS, "shop/allow-web", PEER_KIND, "10.1.2.3"),
        allowed(
            "a namespaceSelector alone selects every pod of the matching namespaces",
            tcp(ADS_TRACKER, DB, 5432),
            FROM_TEAM_ADS),
        denied(
                "a namespaceSelector alone rejects namespaces without its labels",
                tcp(teamPod("web", "front", "web"), DB, 5432),
                FROM_TEAM_ADS)
            .because(
                INGRESS,
                "shop/from-team-ads",
                PEER_NAMESPACE_LABELS_MISMATCH,
                "team=ads expected, found team=web"),
        allowed(
            "namespaceSelector {} selects every namespace",
            tcp(pod("anywhere", "x"), DB, 5432),
            FROM_ALL_NAMESPACES),
        denied(
                "namespaceSelector {} selects pods only, never addresses",
                tcp(Peer.ip("203.0.113.5"), DB, 5432),
                FROM_ALL_NAMESPACES)
            .because(INGRESS, "shop/from-all-ns", PEER_KIND),
        denied(
                "a namespaceSelector on a hand-added name label fails when the namespace lacks it",
                tcp(vote, votingDb, 5432),
                np(
                    "voting-data",
                    "allow-vote",
                    """
                podSelector: {matchLabels: {app: db}}
                ingress:
                - from: [{namespaceSelector: {matchLabels: {name: voting-app}}}]"""))
            .because(
                INGRESS,
                "voting-data/allow-vote",
                PEER_NAMESPACE_LABELS_MISMATCH,
                "namespace voting-app does not match namespaceSelector name=voting-app:"
                    + " name=voting-app expected, label name is absent"),
        allowed(
            "every namespace carries kubernetes.io/metadata.name, so selecting on it needs no extra label",
            tcp(vote, votingDb, 5432),
            np(
                "voting-data",
                "allow-vote",
                """
                podSelector: {matchLabels: {app: db}}
                ingress:
                - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: voting-app}}}]""")));
  }

  static Stream<Case> andOr() {
    return Stream.of(
        allowed(
            "namespaceSelector and podSelector in one peer select pods matching both",
            tcp(ADS_TRACKER, DB, 5432),
            AND),
        denied(
                "namespaceSelector and podSelector in one peer are ANDed: the namespace alone is not enough",
                tcp(ADS_BILLING, DB, 5432),
                AND)
            .because(
                INGRESS,
                "shop/and",
                PEER_POD_LABELS_MISMATCH,
                "app=tracker expected, found app=billing"),
        denied(
                "namespaceSelector and podSelector in one peer are ANDed: the pod labels alone are not enough",
                tcp(SHOP_TRACKER, DB, 5432),
                AND)
            .because(INGRESS, "shop/and", PEER_NAMESPACE_LABELS_MISMATCH, "label team is absent"),
        allowed(
            "two peers are ORed: any pod of a namespace the first selects",
            tcp(ADS_BILLING, DB, 5432),
            OR),
        allowed(
            "two peers are ORed: a pod of the policy's namespace the second selects",
            tcp(SHOP_TRACKER, DB, 5432),
            OR),
        denied(
                "two peers are ORed, and when neither matches each reports its own reason",
                tcp(teamPod("web", "tracker", "web"), DB, 5432),
                OR)
            .because(INGRESS, "shop/or", PEER_NAMESPACE_LABELS_MISMATCH)
            .because(INGRESS, "shop/or", PEER_NAMESPACE_NOT_POLICY_NAMESPACE));
  }

  private static NetworkPolicy fromExpression(String expression) {
    return np(
        "shop",
        "expr",
        """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from:
          - podSelector:
              matchExpressions: [%s]"""
            .formatted(expression));
  }

  private static PodPeer tier(String tier) {
    return PodPeer.of(
            "shop", tier == null ? Map.of("app", "web") : Map.of("app", "web", "tier", tier))
        .withName("web");
  }

  static Stream<Case> expressions() {
    NetworkPolicy in = fromExpression("{key: tier, operator: In, values: [front, edge]}");
    NetworkPolicy notIn = fromExpression("{key: tier, operator: NotIn, values: [front]}");
    NetworkPolicy exists = fromExpression("{key: tier, operator: Exists}");
    NetworkPolicy doesNotExist = fromExpression("{key: tier, operator: DoesNotExist}");
    NetworkPolicy labelsAndExpressions =
        np(
            "shop",
            "both",
            """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from:
          - podSelector:
              matchLabels: {app: web}
              matchExpressions: [{key: tier, operator: In, values: [front]}]""");
    NetworkPolicy isolateNonProd =
        np(
            "shop",
            "non-prod",
            """
        podSelector: {matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}
        policyTypes: [Ingress]""");
    NetworkPolicy namespaceIn =
        np(
            "shop",
            "ns-in",
            """
        podSelector: {}
        ingress:
        - from:
          - namespaceSelector:
              matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [ads, web]}]""");
    return Stream.of(
        allowed(
            "matchExpressions In matches a label whose value is in the set",
            tcp(tier("front"), DB, 5432),
            in),
        denied(
                "matchExpressions In rejects a label whose value is not in the set",
                tcp(tier("back"), DB, 5432),
                in)
            .because(
                INGRESS,
                "shop/expr",
                PEER_POD_LABELS_MISMATCH,
                "tier in (edge, front) expected, found tier=back"),
        denied("matchExpressions In rejects a pod without the key", tcp(tier(null), DB, 5432), in)
            .because(INGRESS, "shop/expr", PEER_POD_LABELS_MISMATCH, "label tier is absent"),
        allowed(
            "matchExpressions NotIn matches a pod without the key",
            tcp(tier(null), DB, 5432),
            notIn),
        allowed(
            "matchExpressions NotIn matches a value outside the set",
            tcp(tier("back"), DB, 5432),
            notIn),
        denied(
                "matchExpressions NotIn rejects a value in the set",
                tcp(tier("front"), DB, 5432),
                notIn)
            .because(
                INGRESS,
                "shop/expr",
                PEER_POD_LABELS_MISMATCH,
                "tier notin (front) expected, found tier=front"),
        allowed(
            "matchExpressions Exists matches the key with any value",
            tcp(tier("anything"), DB, 5432),
            exists),
        denied(
                "matchExpressions Exists rejects a pod without the key",
                tcp(tier(null), DB, 5432),
                exists)
            .because(INGRESS, "shop/expr", PEER_POD_LABELS_MISMATCH, "label tier is absent"),
        allowed(
            "matchExpressions DoesNotExist matches a pod without the key",
            tcp(tier(null), DB, 5432),
            doesNotExist),
        denied(
                "matchExpressions DoesNotExist rejects a pod with the key",
                tcp(tier("front"), DB, 5432),
                doesNotExist)
            .because(
                INGRESS, "shop/expr", PEER_POD_LABELS_MISMATCH, "!tier expected, found tier=front"),
        denied(
                "matchLabels and matchExpressions of one selector are ANDed",
                tcp(tier("back"), DB, 5432),
                labelsAndExpressions)
            .because(INGRESS, "shop/both", PEER_POD_LABELS_MISMATCH, "tier in (front) expected"),
        allowed(
                "matchExpressions in spec.podSelector decide which pods a policy isolates: not selected",
                tcp(WEB, PodPeer.of("shop", Map.of("env", "prod")), 80),
                isolateNonProd)
            .status(INGRESS, NOT_ISOLATED),
        denied(
                "matchExpressions in spec.podSelector decide which pods a policy isolates: selected",
                tcp(WEB, PodPeer.of("shop", Map.of("env", "dev")), 80),
                isolateNonProd)
            .because(INGRESS, "shop/non-prod", NO_RULES),
        allowed(
            "matchExpressions work in a namespaceSelector too",
            tcp(pod("ads", "tracker"), DB, 5432),
            namespaceIn));
  }
}
