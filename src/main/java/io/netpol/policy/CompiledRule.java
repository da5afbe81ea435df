package io.netpol.policy;

import java.util.List;

/**
 * One ingress or egress rule of a policy. An empty {@code peers} list matches every peer (the rule
 * had no or an empty {@code from}/{@code to}); an empty {@code ports} list matches every port and
 * protocol. A rule allows a connection when some peer AND some port match.
 *
 * @param index the rule's position in {@code spec.ingress} or {@code spec.egress}
 */
public record CompiledRule(int index, List<PeerMatcher> peers, List<PortMatcher> ports) {
  public CompiledRule {
    peers = List.copyOf(peers);
    ports = List.copyOf(ports);
  }

  /** True when some peer AND some port match (an empty list matches everything). */
  public boolean allows(Peer remote, Connection connection) {
    boolean peer = peers.isEmpty();
    for (int i = 0; !peer && i < peers.size(); i++) {
      peer = peers.get(i).matches(remote);
    }
    if (!peer) {
      return false;
    }
    if (ports.isEmpty()) {
      return true;
    }
    for (int i = 0; i < ports.size(); i++) {
      if (ports.get(i).matches(connection)) {
        return true;
      }
    }
    return false;
  }
}
