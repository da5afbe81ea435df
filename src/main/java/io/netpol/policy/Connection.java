package io.netpol.policy;

import java.util.Objects;

/**
 * A connection attempt from {@code client} to {@code server} on {@code port}/{@code protocol}, the
 * port being the server's (destination) port.
 */
public record Connection(Peer client, Peer server, int port, PortProtocol protocol) {
  public Connection {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
  }

  /** A TCP connection, the common case. */
  public static Connection tcp(Peer client, Peer server, int port) {
    return new Connection(client, server, port, PortProtocol.TCP);
  }

  @Override
  public String toString() {
    return client + " -> " + server + " " + port + "/" + protocol;
  }
}
