package io.netpol.recommend;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The observations behind a rule or a peer, in full (the annotations carry a summary of it).
 *
 * @param connections connections counted
 * @param edges distinct observed edges (client, server, port, protocol)
 * @param firstSeen first observation; null when unknown
 * @param lastSeen last observation; null when unknown
 * @param sources where the evidence was read: {@code file:<name>} or {@code
 *     kafka:<topic>/<partition>}
 * @param dnsNames DNS names observed for the peer's addresses
 */
public record EvidenceSummary(
    long connections,
    int edges,
    Instant firstSeen,
    Instant lastSeen,
    SortedSet<String> sources,
    SortedSet<String> dnsNames) {

  public EvidenceSummary {
    sources = Collections.unmodifiableSortedSet(new TreeSet<>(sources));
    dnsNames = Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
  }

  static final EvidenceSummary NONE =
      new EvidenceSummary(0, 0, null, null, new TreeSet<>(), new TreeSet<>());
}
