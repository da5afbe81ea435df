package io.netpol.policy;

import java.util.Optional;

/**
 * One compiled entry of a rule's {@code ports} list: a protocol and either every port, a numeric
 * port, a numeric range {@code port..endPort} (both ends inclusive), or a named port.
 *
 * <p>Named ports are resolved against the server pod's container ports with the same name and
 * protocol, in both directions: for egress that is the destination pod. A name the server does not
 * declare, or a server that is not a pod, matches nothing.
 *
 * @param field path of the port in its policy, e.g. {@code spec.ingress[0].ports[1]}
 * @param protocol the protocol; TCP when the policy names none
 * @param port the first port, or {@code null} for every port (or when {@code name} is set)
 * @param endPort the last port of a range, or {@code null} when the rule names a single port
 * @param name the named port, or {@code null} when the port is numeric or absent
 */
public record PortMatcher(
    String field, PortProtocol protocol, Integer port, Integer endPort, String name) {

  /** As {@code mismatch(connection).isEmpty()}, without describing the mismatch. */
  public boolean matches(Connection connection) {
    if (protocol != connection.protocol()) {
      return false;
    }
    int actual = connection.port();
    if (name != null) {
      return connection.server() instanceof PodPeer server
          && server.namedPort(name, protocol).map(p -> p.port() == actual).orElse(false);
    }
    return port == null
        || actual == port
        || (endPort != null && actual >= port && actual <= endPort);
  }

  /** Why {@code connection} does not match this port; empty when it does. */
  public Optional<Miss> mismatch(Connection connection) {
    if (protocol != connection.protocol()) {
      return miss(
          MismatchReason.PROTOCOL_MISMATCH,
          "allows " + protocol + ", but the connection is " + connection.protocol());
    }
    if (name != null) {
      return namedPortMismatch(connection);
    }
    int actual = connection.port();
    if (port == null
        || actual == port
        || (endPort != null && actual >= port && actual <= endPort)) {
      return Optional.empty();
    }
    return miss(
        MismatchReason.PORT_MISMATCH,
        "allows " + describe() + ", but the connection is to port " + actual);
  }

  private Optional<Miss> namedPortMismatch(Connection connection) {
    if (!(connection.server() instanceof PodPeer server)) {
      return miss(
          MismatchReason.NAMED_PORT_UNRESOLVED,
          "named port "
              + name
              + " cannot be resolved: the server "
              + connection.server()
              + " is not a pod");
    }
    Optional<NamedPort> resolved = server.namedPort(name, protocol);
    if (resolved.isEmpty()) {
      return miss(
          MismatchReason.NAMED_PORT_UNRESOLVED,
          "server pod " + server + " has no container port named " + name + " for " + protocol);
    }
    int number = resolved.get().port();
    if (number == connection.port()) {
      return Optional.empty();
    }
    return miss(
        MismatchReason.PORT_MISMATCH,
        "named port "
            + name
            + " is "
            + number
            + "/"
            + protocol
            + " on "
            + server
            + ", but the connection is to port "
            + connection.port());
  }

  /** The port as written in a rule: {@code 5432/TCP}, {@code 8000-8100/TCP}, {@code http/TCP}. */
  public String describe() {
    String what =
        name != null
            ? name
            : port == null
                ? "every port"
                : endPort == null ? port.toString() : port + "-" + endPort;
    return what + "/" + protocol;
  }

  private Optional<Miss> miss(MismatchReason reason, String detail) {
    return Optional.of(new Miss(reason, field, detail));
  }
}
