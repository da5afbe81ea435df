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
import static io.netpol.policy.IsolationCases.DB;
import static io.netpol.policy.IsolationCases.WEB;
import static io.netpol.policy.MismatchReason.NAMED_PORT_UNRESOLVED;
import static io.netpol.policy.MismatchReason.PEER_POD_LABELS_MISMATCH;
import static io.netpol.policy.MismatchReason.PORT_MISMATCH;
import static io.netpol.policy.MismatchReason.PROTOCOL_MISMATCH;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.stream.Stream;

/** Ports: numbers, protocols, endPort ranges, named ports in both directions. */
final class PortCases {
  private PortCases() {}

  static Stream<Case> cases() {
    return Stream.concat(numbers(), Stream.concat(ranges(), named()));
  }

  /** An ingress policy on the db pods allowing every source on {@code ports} (a YAML list). */
  private static NetworkPolicy dbPorts(String name, String ports) {
    return np("shop", name, "podSelector: {matchLabels: {app: db}}\ningress:\n- ports: " + ports);
  }

  static Stream<Case> numbers() {
    NetworkPolicy postgres = dbPorts("postgres", "[{port: 5432}]");
    NetworkPolicy dns = dbPorts("dns", "[{port: 53, protocol: UDP}]");
    NetworkPolicy diameter = dbPorts("diameter", "[{port: 3868, protocol: SCTP}]");
    NetworkPolicy anyUdp = dbPorts("any-udp", "[{protocol: UDP}]");
    NetworkPolicy web = dbPorts("web", "[{port: 80}, {port: 443}]");
    NetworkPolicy webOn5432 =
        np(
            "shop",
            "web-5432",
            """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5432}]""");
    return Stream.of(
        allowed("a numeric port allows that port", tcp(WEB, DB, 5432), postgres)
            .allowedBy(INGRESS, "shop/postgres", 0),
        denied("a numeric port rejects any other port", tcp(WEB, DB, 5433), postgres)
            .because(
                INGRESS,
                "shop/postgres",
                PORT_MISMATCH,
                "allows 5432/TCP, but the connection is to port 5433"),
        denied(
                "a port without protocol means TCP, so UDP to it is denied",
                udp(WEB, DB, 5432),
                postgres)
            .because(
                INGRESS,
                "shop/postgres",
                PROTOCOL_MISMATCH,
                "allows TCP, but the connection is UDP"),
        allowed("protocol UDP allows UDP", udp(WEB, DB, 53), dns),
        denied("protocol UDP rejects TCP on the same port", tcp(WEB, DB, 53), dns)
            .because(INGRESS, "shop/dns", PROTOCOL_MISMATCH),
        allowed("protocol SCTP allows SCTP", sctp(WEB, DB, 3868), diameter),
        denied("protocol SCTP rejects TCP on the same port", tcp(WEB, DB, 3868), diameter)
            .because(INGRESS, "shop/diameter", PROTOCOL_MISMATCH, "allows SCTP"),
        allowed(
            "a protocol without port allows every port of that protocol",
            udp(WEB, DB, 40000),
            anyUdp),
        denied("a protocol without port still rejects other protocols", tcp(WEB, DB, 40000), anyUdp)
            .because(INGRESS, "shop/any-udp", PROTOCOL_MISMATCH),
        allowed("several ports of one rule are ORed", tcp(WEB, DB, 443), web),
        denied("a port outside all ports of a rule reports each of them", tcp(WEB, DB, 8080), web)
            .because(INGRESS, "shop/web", PORT_MISMATCH, "allows 80/TCP")
            .because(INGRESS, "shop/web", PORT_MISMATCH, "allows 443/TCP"),
        denied(
                "a rule needs peer AND port: the right peer on another port is denied",
                tcp(WEB, DB, 22),
                webOn5432)
            .because(INGRESS, "shop/web-5432", PORT_MISMATCH),
        denied(
                "a rule needs peer AND port: the right port from another peer is denied",
                tcp(pod("shop", "cache"), DB, 5432),
                webOn5432)
            .because(INGRESS, "shop/web-5432", PEER_POD_LABELS_MISMATCH));
  }

  static Stream<Case> ranges() {
    NetworkPolicy range = dbPorts("range", "[{port: 32000, endPort: 32768}]");
    return Stream.of(
        allowed("endPort ranges include their first port", tcp(WEB, DB, 32000), range),
        allowed("endPort ranges include their last port", tcp(WEB, DB, 32768), range),
        allowed("endPort ranges include the ports between", tcp(WEB, DB, 32100), range),
        denied("endPort ranges exclude the port after endPort", tcp(WEB, DB, 32769), range)
            .because(INGRESS, "shop/range", PORT_MISMATCH, "allows 32000-32768/TCP"),
        denied("endPort ranges exclude the port before port", tcp(WEB, DB, 31999), range)
            .because(INGRESS, "shop/range", PORT_MISMATCH));
  }

  static Stream<Case> named() {
    NetworkPolicy postgres = dbPorts("named", "[{port: postgres}]");
    NetworkPolicy dns = dbPorts("named-dns", "[{port: dns, protocol: UDP}]");
    NetworkPolicy webOut =
        np(
            "shop",
            "web-out",
            """
        podSelector: {matchLabels: {app: web}}
        policyTypes: [Egress]
        egress:
        - ports: [{port: http}]""");
    PodPeer db = DB.withPort("postgres", PortProtocol.TCP, 5432);
    PodPeer dnsOverTcp = DB.withPort("dns", PortProtocol.TCP, 53);
    PodPeer web = WEB.withPort("http", PortProtocol.TCP, 9090);
    PodPeer api = pod("shop", "api").withPort("http", PortProtocol.TCP, 8080);
    return Stream.of(
        allowed(
                "a named ingress port resolves against the server pod's container ports",
                tcp(WEB, db, 5432),
                postgres)
            .allowedBy(INGRESS, "shop/named", 0),
        denied(
                "a named ingress port allows only the number it resolves to",
                tcp(WEB, db, 5433),
                postgres)
            .because(INGRESS, "shop/named", PORT_MISMATCH, "named port postgres is 5432/TCP"),
        denied(
                "a named port the server pod does not declare matches nothing",
                tcp(WEB, DB, 5432),
                postgres)
            .because(
                INGRESS,
                "shop/named",
                NAMED_PORT_UNRESOLVED,
                "no container port named postgres for TCP"),
        denied(
                "named ports are protocol-sensitive: a UDP name does not resolve to a TCP container port",
                udp(WEB, dnsOverTcp, 53),
                dns)
            .because(INGRESS, "shop/named-dns", NAMED_PORT_UNRESOLVED, "for UDP"),
        allowed(
            "named ports resolve when the server declares the name for the rule's protocol",
            udp(WEB, DB.withPort("dns", PortProtocol.UDP, 53), 53),
            dns),
        allowed(
                "a named egress port resolves against the destination pod",
                tcp(web, api, 8080),
                webOut)
            .allowedBy(EGRESS, "shop/web-out", 0),
        denied(
                "a named egress port never resolves against the client's own ports",
                tcp(web, api, 9090),
                webOut)
            .because(EGRESS, "shop/web-out", PORT_MISMATCH, "named port http is 8080/TCP"),
        denied(
                "a named egress port to an address that is not a pod matches nothing",
                tcp(web, Peer.ip("203.0.113.7"), 8080),
                webOut)
            .because(EGRESS, "shop/web-out", NAMED_PORT_UNRESOLVED, "is not a pod"));
  }
}
