package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Peer;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortProtocol;
import java.util.Map;

/** Replays connections against a proposal with the NetworkPolicy evaluator. */
final class PolicyCheck {
  static final String NODE = "node-1";
  static final String NODE_IP = "192.168.0.1";

  private final PolicySet policies;

  PolicyCheck(Proposal proposal) {
    this.policies = PolicySet.of(proposal.all());
  }

  /** Whether the proposal allows {@code c}, its pods carrying the given labels. */
  boolean allows(ObservedConnection c) {
    return allows(
        c.client(), c.client().labels(), c.server(), c.server().labels(), c.port(), c.protocol());
  }

  boolean allows(
      Endpoint client,
      Map<String, String> clientLabels,
      Endpoint server,
      Map<String, String> serverLabels,
      int port,
      io.netpol.flow.Protocol protocol) {
    Peer from = peer(client, clientLabels, "client");
    Peer to = peer(server, serverLabels, "server");
    Connection c = new Connection(from, to, port, PortProtocol.valueOf(protocol.name()));
    return Evaluator.evaluate(policies, c).allowed();
  }

  private static Peer peer(Endpoint e, Map<String, String> labels, String role) {
    if (e.kind() == EndpointKind.POD) {
      return Peer.pod(e.namespace(), labels).withName(e.workload() + "-" + role).withNode(NODE);
    }
    if (e.ownNode()) {
      return Peer.node(NODE_IP, NODE);
    }
    return Peer.ip(e.ip());
  }
}
