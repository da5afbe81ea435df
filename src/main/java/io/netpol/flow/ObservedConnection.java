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

  /**
   * The record's hash, written out: connections key the maps of a proposal (100,000s of lookups),
   * and the generated one is slower than these few multiplications.
   */
  @Override
  public int hashCode() {
    int h = client.hashCode();
    h = h * 31 + server.hashCode();
    h = h * 31 + port;
    h = h * 31 + protocol.ordinal();
    h = h * 31 + verdict.ordinal();
    h = h * 31 + Long.hashCode(count);
    h = h * 31 + Long.hashCode(firstSeenMs);
    return h * 31 + Long.hashCode(lastSeenMs);
  }

  public EdgeKey edgeKey() {
    return new EdgeKey(client.key(), server.key(), port, protocol, verdict);
  }
}
