package io.netpol.recommend;

import io.netpol.flow.ObservedConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Observations behind a rule or a policy: connections, edges, first and last seen, sources. */
final class Evidence {
  private static final int MAX_SOURCE = 200;

  private long connections;
  private int edges;
  private long firstMs;
  private long lastMs;
  private final SortedSet<String> sources = new TreeSet<>();
  private final SortedSet<String> dnsNames = new TreeSet<>();

  void add(ObservedConnection c, Map<String, Long> sourceCounts) {
    connections += c.count();
    edges++;
    if (c.firstSeenMs() > 0 && (firstMs == 0 || c.firstSeenMs() < firstMs)) {
      firstMs = c.firstSeenMs();
    }
    if (c.lastSeenMs() > lastMs) {
      lastMs = c.lastSeenMs();
    }
    if (sourceCounts != null) {
      sourceCounts.keySet().forEach(s -> sources.add(cut(s)));
    }
  }

  void addDnsName(String name) {
    dnsNames.add(name);
  }

  void addAll(Evidence other) {
    connections += other.connections;
    edges += other.edges;
    if (other.firstMs > 0 && (firstMs == 0 || other.firstMs < firstMs)) {
      firstMs = other.firstMs;
    }
    lastMs = Math.max(lastMs, other.lastMs);
    sources.addAll(other.sources);
    dnsNames.addAll(other.dnsNames);
  }

  long connections() {
    return connections;
  }

  int edges() {
    return edges;
  }

  /** An immutable copy. */
  EvidenceSummary summary() {
    return new EvidenceSummary(
        connections,
        edges,
        firstMs > 0 ? Instant.ofEpochMilli(firstMs) : null,
        lastMs > 0 ? Instant.ofEpochMilli(lastMs) : null,
        sources,
        dnsNames);
  }

  /** The fields of the evidence annotation, in a fixed order. */
  Map<String, Object> fields() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connections", connections);
    out.put("edges", edges);
    if (firstMs > 0) {
      out.put("firstSeen", Instant.ofEpochMilli(firstMs).toString());
    }
    if (lastMs > 0) {
      out.put("lastSeen", Instant.ofEpochMilli(lastMs).toString());
    }
    if (!dnsNames.isEmpty()) {
      out.put("dnsNames", dnsNames);
    }
    out.put("sources", sources);
    return out;
  }

  private static String cut(String source) {
    return source.length() <= MAX_SOURCE ? source : source.substring(0, MAX_SOURCE) + "...";
  }
}
