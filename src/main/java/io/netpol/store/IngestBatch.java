package io.netpol.store;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one ingest transaction writes: count changes per edge, label sets, DNS names,
 * namespace labels, evidence sources, the deduplication memory's changes and the new read position.
 * Committed atomically by {@link IngestWriter#commit}.
 */
public final class IngestBatch {

  /** The change to one edge within the batch. */
  static final class EdgeDelta {
    Endpoint client;
    Endpoint server;
    long count;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
  }

  /** A read position to store, and the one that must still be stored when the batch commits. */
  record PendingCheckpoint(Checkpoint checkpoint, long expectedPosition) {}

  /** One label set seen for a workload within the batch. */
  static final class LabelSighting {
    final Endpoint pod;
    long count;
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;

    LabelSighting(Endpoint pod) {
      this.pod = pod;
    }
  }

  /**
   * In the order first seen: an endpoint is stored as the first of its edges written describes it,
   * so one whose key leaves an attribute out (the own node, whose addresses are several) is stored
   * as its first record says, whatever the batches.
   */
  final Map<EdgeKey, EdgeDelta> edges = new LinkedHashMap<>();

  final Map<Endpoint, LabelSighting> labelSets = new HashMap<>();
  final Map<Endpoint, Boolean> dnsEndpoints = new HashMap<>();
  final Map<String, SortedMap<String, String>> namespaceLabels = new HashMap<>();
  final Map<EdgeKey, Map<String, Long>> sources = new HashMap<>();
  List<RememberedConnection> trackerChanges = List.of();
  Set<Long> trackerEvictions = Set.of();

  /** New read positions by source, each with the position the batch started from. */
  final Map<String, PendingCheckpoint> checkpoints = new LinkedHashMap<>();

  /** Content marks to store, by source. */
  final Map<String, List<ContentMark>> marks = new LinkedHashMap<>();

  /** Marks to copy from one source to another, up to a position: a fork shares their content. */
  record MarkCopy(String from, String to, long upTo) {}

  final List<MarkCopy> markCopies = new java.util.ArrayList<>();

  private long records;

  /**
   * Adds {@code delta} connections (may be negative: a reclassification) seen at {@code timeMs}.
   */
  public void delta(
      EdgeKey key, Endpoint client, Endpoint server, long delta, long timeMs, String source) {
    EdgeDelta d = edges.computeIfAbsent(key, k -> new EdgeDelta());
    if (client != null && d.client == null) {
      d.client = client.identityOnly();
      d.server = server.identityOnly();
    }
    d.count += delta;
    if (timeMs > 0) {
      d.firstSeen = Math.min(d.firstSeen, timeMs);
      d.lastSeen = Math.max(d.lastSeen, timeMs);
    }
    if (delta > 0 && client != null) {
      sighting(client, timeMs, delta);
      sighting(server, timeMs, delta);
      if (source != null) {
        sources.computeIfAbsent(key, k -> new HashMap<>()).merge(source, delta, Long::sum);
      }
    }
  }

  private void sighting(Endpoint e, long timeMs, long count) {
    if (e.kind() == EndpointKind.POD) {
      LabelSighting s = labelSets.computeIfAbsent(e, LabelSighting::new);
      s.count += count;
      if (timeMs > 0) {
        s.firstSeen = Math.min(s.firstSeen, timeMs);
        s.lastSeen = Math.max(s.lastSeen, timeMs);
      }
    } else if (!e.dnsNames().isEmpty()) {
      dnsEndpoints.put(e, Boolean.TRUE);
    }
  }

  public void namespaceLabels(String namespace, Map<String, String> labels) {
    namespaceLabels.put(namespace, new TreeMap<>(labels));
  }

  /** The deduplication memory's changes since the last batch. */
  public void trackerChanges(List<RememberedConnection> changed, Set<Long> evicted) {
    this.trackerChanges = List.copyOf(changed);
    this.trackerEvictions = Set.copyOf(evicted);
  }

  /**
   * The read position of one source after this batch. {@code expectedPosition} is where the batch
   * started; the commit fails with {@link CheckpointConflictException} if the stored position moved
   * meanwhile (another process reading the same input or partition). A batch may carry several
   * sources (the partitions of a topic); all are verified and written in the one transaction.
   */
  public void checkpoint(Checkpoint checkpoint, long expectedPosition) {
    checkpoints.put(checkpoint.source(), new PendingCheckpoint(checkpoint, expectedPosition));
  }

  /** A content mark of file input {@code source}, stored with the batch. */
  public void mark(String source, ContentMark mark) {
    marks.computeIfAbsent(source, k -> new java.util.ArrayList<>()).add(mark);
  }

  /**
   * Gives {@code to} the content marks of {@code from} up to {@code upTo}: an input that holds the
   * same bytes as {@code from} up to there, and then goes on differently.
   */
  public void copyMarks(String from, String to, long upTo) {
    markCopies.add(new MarkCopy(from, to, upTo));
  }

  /**
   * Adds {@code count} connections already counted elsewhere (an edge delta from another process),
   * seen between {@code firstMs} and {@code lastMs}; {@code client}/{@code server} carry the labels
   * and DNS names to remember, or are null when the delta only moves counts or times.
   */
  public void add(
      EdgeKey key,
      Endpoint client,
      Endpoint server,
      long count,
      long firstMs,
      long lastMs,
      String source) {
    delta(key, client, server, count, firstMs, source);
    if (lastMs != firstMs) {
      delta(key, null, null, 0, lastMs, null);
      if (count > 0 && client != null) {
        extendSighting(client, lastMs);
        extendSighting(server, lastMs);
      }
    }
  }

  private void extendSighting(Endpoint e, long timeMs) {
    LabelSighting s = labelSets.get(e);
    if (s != null && timeMs > 0) {
      s.lastSeen = Math.max(s.lastSeen, timeMs);
      s.firstSeen = Math.min(s.firstSeen, timeMs);
    }
  }

  /** The count change this batch holds for an edge so far. */
  public long pendingCount(EdgeKey key) {
    EdgeDelta d = edges.get(key);
    return d == null ? 0 : d.count;
  }

  public void countRecord() {
    records++;
  }

  public long records() {
    return records;
  }

  public boolean isEmpty() {
    return edges.isEmpty()
        && namespaceLabels.isEmpty()
        && trackerChanges.isEmpty()
        && trackerEvictions.isEmpty()
        && checkpoints.isEmpty()
        && marks.isEmpty()
        && markCopies.isEmpty();
  }
}
