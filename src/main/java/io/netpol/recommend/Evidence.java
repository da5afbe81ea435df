package io.netpol.recommend;

import io.netpol.flow.ObservedConnection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Observations behind a rule, a peer or a policy, accumulated: connections, edges, first and last
 * seen, sources and DNS names. Small: the sets exist only once something is in them, for a large
 * proposal holds one per observed peer.
 */
final class Evidence {
  private static final int MAX_SOURCE = 200;

  private long connections;
  private int edges;
  private long firstMs;
  private long lastMs;

  /** Null, one source (a String: the usual case), or a TreeSet of them. */
  private Object sources;

  private TreeSet<String> dnsNames;

  void add(ObservedConnection c, Collection<String> sourceNames) {
    connections += c.count();
    edges++;
    seen(c.firstSeenMs(), c.lastSeenMs());
    if (sourceNames != null) {
      for (String s : sourceNames) {
        source(cut(s));
      }
    }
  }

  /** Adds the observations of a summary (a part of a rule split for size). */
  void add(EvidenceSummary s) {
    connections += s.connections();
    edges += s.edges();
    seen(
        s.firstSeen() == null ? 0 : s.firstSeen().toEpochMilli(),
        s.lastSeen() == null ? 0 : s.lastSeen().toEpochMilli());
    s.sources().forEach(this::source);
    s.dnsNames().forEach(this::addDnsName);
  }

  void addAll(Evidence other) {
    connections += other.connections;
    edges += other.edges;
    seen(other.firstMs, other.lastMs);
    other.sources().forEach(this::source);
    if (other.dnsNames != null) {
      other.dnsNames.forEach(this::addDnsName);
    }
  }

  private void seen(long first, long last) {
    if (first > 0 && (firstMs == 0 || first < firstMs)) {
      firstMs = first;
    }
    lastMs = Math.max(lastMs, last);
  }

  @SuppressWarnings("unchecked")
  private void source(String s) {
    if (sources == null) {
      sources = s;
    } else if (sources instanceof String one) {
      if (!one.equals(s)) {
        sources = new TreeSet<>(List.of(one, s));
      }
    } else {
      ((TreeSet<String>) sources).add(s);
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> sources() {
    if (sources == null) {
      return List.of();
    }
    return sources instanceof String one ? List.of(one) : List.copyOf((TreeSet<String>) sources);
  }

  void addDnsName(String name) {
    if (dnsNames == null) {
      dnsNames = new TreeSet<>();
    }
    dnsNames.add(name);
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
        sources(),
        dnsNames == null ? List.of() : List.copyOf(dnsNames));
  }

  private static String cut(String source) {
    return source.length() <= MAX_SOURCE ? source : source.substring(0, MAX_SOURCE) + "...";
  }
}
