package io.netpol.flow;

import java.util.Objects;

/**
 * Connections between two endpoints on one server port and protocol, with one verdict: either one
 * record's worth of evidence on its way into the store, or the aggregate the store holds.
 *
 * @param count number of distinct connections observed
 * @param firstSeenMs first observation, Unix milliseconds
 * @param lastSeenMs last observation, Unix milliseconds
 */
public record ObservedConnection(
    Endpoint client,
    Endpoint server,
    int port,
    Protocol protocol,
    Verdict verdict,
    long count,
    long firstSeenMs,
    long lastSeenMs) {

  public ObservedConnection {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(verdict, "verdict");
  }

  public EdgeKey edgeKey() {
    return new EdgeKey(client.key(), server.key(), port, protocol, verdict);
  }
}
