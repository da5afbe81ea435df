package io.netpol.recommend;

import java.time.Instant;
import java.util.List;

/**
 * The observations behind a rule or a peer, in full (the annotations carry a summary of it).
 *
 * @param connections connections counted
 * @param edges distinct observed edges (client, server, port, protocol)
 * @param firstSeen first observation; null when unknown
 * @param lastSeen last observation; null when unknown
 * @param sources where the evidence was read, sorted and distinct: {@code file:<name>} or {@code
 *     kafka:<topic>/<partition>}
 * @param dnsNames DNS names observed for the peer's addresses, sorted and distinct
 */
public record EvidenceSummary(
    long connections,
    int edges,
    Instant firstSeen,
    Instant lastSeen,
    List<String> sources,
    List<String> dnsNames) {

  public EvidenceSummary {
    sources = List.copyOf(sources);
    dnsNames = List.copyOf(dnsNames);
  }

  static final EvidenceSummary NONE = new EvidenceSummary(0, 0, null, null, List.of(), List.of());
}
