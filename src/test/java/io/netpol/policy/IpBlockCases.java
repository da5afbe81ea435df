package io.netpol.policy;

import static io.netpol.policy.Case.allowed;
import static io.netpol.policy.Case.denied;
import static io.netpol.policy.Direction.EGRESS;
import static io.netpol.policy.Direction.INGRESS;
import static io.netpol.policy.Fixtures.np;
import static io.netpol.policy.Fixtures.tcp;
import static io.netpol.policy.IsolationCases.DB;
import static io.netpol.policy.IsolationCases.WEB;
import static io.netpol.policy.MismatchReason.PEER_IP_IN_EXCEPT;
import static io.netpol.policy.MismatchReason.PEER_IP_NOT_IN_BLOCK;
import static io.netpol.policy.MismatchReason.PEER_KIND;
import static io.netpol.policy.SideStatus.NOT_APPLICABLE;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.stream.Stream;

/** ipBlock peers: cidr, except, IPv4 and IPv6, and pods matched by their IP. */
final class IpBlockCases {
  private IpBlockCases() {}

  /** An egress policy for the web pods allowing {@code block} (a YAML ipBlock object). */
  private static NetworkPolicy webTo(String name, String block) {
    return np(
        "shop",
        name,
        "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: "
            + block
            + "}]");
  }

  private static Connection webTo(String address) {
    return tcp(WEB, Peer.ip(address), 443);
  }

  static Stream<Case> cases() {
    NetworkPolicy v4 = webTo("v4", "{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}");
    NetworkPolicy v6 = webTo("v6", "{cidr: '2001:db8::/32', except: ['2001:db8:ff::/48']}");
    NetworkPolicy anywhere = webTo("anywhere", "{cidr: 0.0.0.0/0}");
    NetworkPolicy fromPodNetwork =
        np(
            "shop",
            "from-pods",
            "podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{ipBlock: {cidr: 10.0.0.0/8}}]");
    return Stream.of(
        allowed("ipBlock allows an address inside its cidr", webTo("203.0.113.10"), v4)
            .allowedBy(EGRESS, "shop/v4", 0),
        allowed("ipBlock cidr includes its network address", webTo("203.0.113.0"), v4),
        denied("ipBlock rejects an address outside its cidr", webTo("198.51.100.1"), v4)
            .because(
                EGRESS, "shop/v4", PEER_IP_NOT_IN_BLOCK, "198.51.100.1 is not in 203.0.113.0/24"),
        denied("ipBlock except removes addresses from the cidr", webTo("203.0.113.200"), v4)
            .because(EGRESS, "shop/v4", PEER_IP_IN_EXCEPT, "also in except 203.0.113.128/25"),
        denied("ipBlock except includes its first address", webTo("203.0.113.128"), v4)
            .because(EGRESS, "shop/v4", PEER_IP_IN_EXCEPT),
        allowed("ipBlock except stops at its boundary", webTo("203.0.113.127"), v4),
        allowed("ipBlock supports IPv6 cidrs", webTo("2001:db8:1::5"), v6),
        denied("ipBlock rejects IPv6 addresses outside an IPv6 cidr", webTo("2001:db9::1"), v6)
            .because(EGRESS, "shop/v6", PEER_IP_NOT_IN_BLOCK),
        denied("ipBlock supports IPv6 except ranges", webTo("2001:db8:ff::1"), v6)
            .because(EGRESS, "shop/v6", PEER_IP_IN_EXCEPT),
        denied("an IPv6 ipBlock never matches an IPv4 address", webTo("10.0.0.1"), v6)
            .because(EGRESS, "shop/v6", PEER_IP_NOT_IN_BLOCK),
        allowed("ipBlock 0.0.0.0/0 matches every IPv4 address", webTo("192.0.2.77"), anywhere),
        allowed(
                "ipBlock matches a pod by its known IP (plugin-dependent; we choose to match)",
                tcp(WEB.withIp("10.1.2.3"), DB, 5432),
                fromPodNetwork)
            .allowedBy(INGRESS, "shop/from-pods", 0),
        denied(
                "ipBlock never matches a pod whose IP is unknown",
                tcp(WEB, DB, 5432),
                fromPodNetwork)
            .because(INGRESS, "shop/from-pods", PEER_KIND, "has no known IP"),
        allowed(
                "ipBlock allows ingress from an address outside the cluster, with no egress side",
                tcp(Peer.ip("10.200.0.1"), DB, 5432),
                fromPodNetwork)
            .status(EGRESS, NOT_APPLICABLE));
  }
}
