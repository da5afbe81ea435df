package io.netpol.policy;

import java.util.Objects;

/**
 * A named container port of a pod ({@code containers[].ports[]} with a name). Policies that name a
 * port are resolved against these, on the server side of the connection.
 */
public record NamedPort(String name, PortProtocol protocol, int port) {
  public NamedPort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
  }
}
