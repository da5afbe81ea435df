package io.netpol.policy;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.IpAddresses;
import io.netpol.flow.ObservedConnection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns stored connections into evaluator connections. Pods keep their namespace and stable labels
 * (plus namespace labels and named ports where known); hosts, world peers and networks become IP
 * peers. Some connections cannot be judged by NetworkPolicy at all and are reported as such. One
 * mapping serves one run: it remembers the peers it built.
 */
public final class ConnectionMapping {

  /** The evaluator's view of a stored connection, or why there is none. */
  public record Mapped(Connection connection, Outcome outcome, String reason) {
    public boolean evaluable() {
      return outcome == Outcome.EVALUABLE;
    }
  }

  /** Whether and how a connection can be evaluated. */
  public enum Outcome {
    EVALUABLE,
    /** Kubernetes always allows it (the pod's own node, e.g. kubelet probes). */
    ALWAYS_ALLOWED,
    /** NetworkPolicy cannot select it (ICMP, a service without its pods, an unknown address). */
    NOT_EVALUABLE
  }

  private final Map<String, ? extends Map<String, String>> namespaceLabels;
  private final Function<Endpoint, List<NamedPort>> namedPorts;

  /**
   * Peers already built, by endpoint instance: the store hands out one instance per endpoint, and a
   * replay meets each endpoint in many connections.
   */
  private final Map<Endpoint, Optional<Peer>> peers = new IdentityHashMap<>();

  /**
   * @param namespaceLabels labels per namespace (missing namespaces get only {@code
   *     kubernetes.io/metadata.name})
   * @param namedPorts the named container ports of a pod workload, when known (from the cluster)
   */
  public ConnectionMapping(
      Map<String, ? extends Map<String, String>> namespaceLabels,
      Function<Endpoint, List<NamedPort>> namedPorts) {
    this.namespaceLabels = namespaceLabels;
    this.namedPorts = namedPorts;
  }

  public static ConnectionMapping of(Map<String, ? extends Map<String, String>> namespaceLabels) {
    return new ConnectionMapping(namespaceLabels, e -> List.of());
  }

  public Mapped map(ObservedConnection c) {
    PortProtocol protocol = PortProtocol.parse(c.protocol().name());
    if (protocol == null) {
      return new Mapped(
          null, Outcome.NOT_EVALUABLE, c.protocol() + " cannot be selected by NetworkPolicy");
    }
    if (isOwnNode(c.client()) || isOwnNode(c.server())) {
      return new Mapped(
          null, Outcome.ALWAYS_ALLOWED, "traffic between a pod and its own node is always allowed");
    }
    Peer client = peers.computeIfAbsent(c.client(), e -> Optional.ofNullable(peer(e))).orElse(null);
    Peer server = peers.computeIfAbsent(c.server(), e -> Optional.ofNullable(peer(e))).orElse(null);
    if (client == null || server == null) {
      Endpoint unknown = client == null ? c.client() : c.server();
      return new Mapped(
          null, Outcome.NOT_EVALUABLE, unknown.display() + " has no known address or pod");
    }
    return new Mapped(new Connection(client, server, c.port(), protocol), Outcome.EVALUABLE, null);
  }

  private static boolean isOwnNode(Endpoint e) {
    return e.kind() == EndpointKind.HOST && e.ownNode();
  }

  /**
   * The evaluator peer for an endpoint, or null when it has no address NetworkPolicy could match.
   */
  public Peer peer(Endpoint e) {
    if (e.kind() == EndpointKind.POD) {
      PodPeer pod =
          PodPeer.of(e.namespace(), e.labels())
              .withNamespaceLabels(namespaceLabels.get(e.namespace()));
      for (NamedPort port : namedPorts.apply(e)) {
        pod = pod.withPort(port.name(), port.protocol(), port.port());
      }
      return pod;
    }
    if (e.ip() != null && IpAddresses.parse(e.ip()) != null) {
      return Peer.ip(e.ip());
    }
    return null;
  }
}
