package io.netpol.store;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * Writes ingest batches. Each {@link #commit} is one transaction holding the counts, the label
 * sets, the deduplication memory and the read position together: after a crash the database holds
 * either all of a batch or none of it, and the rerun starts exactly where the last commit ended.
 */
public final class IngestWriter {

  private final Store store;
  private final Connection c;
  private final Map<String, Long> endpointIds = new HashMap<>();
  private final Map<EdgeKey, Long> edgeIds = new HashMap<>();

  /** Test hook: runs inside the transaction just before it commits. */
  Runnable beforeCommit = () -> {};

  IngestWriter(Store store) {
    this.store = store;
    this.c = store.connection();
  }

  /** The stored read position of an input, or null if it was never read. */
  public Checkpoint checkpoint(String source) {
    return first(
        query(
            "SELECT source, head, path, position, line, tail_hash FROM ingest_checkpoint WHERE source = ?",
            source));
  }

  /** The stored count of an edge; 0 when it was never stored. */
  public long storedCount(EdgeKey key) {
    String sql =
        "SELECT e.count FROM edge e JOIN endpoint c ON c.id = e.client_id"
            + " JOIN endpoint s ON s.id = e.server_id"
            + " WHERE c.key = ? AND s.key = ? AND e.port = ? AND e.protocol = ? AND e.verdict = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key.clientKey());
      ps.setString(2, key.serverKey());
      ps.setInt(3, key.port());
      ps.setString(4, key.protocol().name());
      ps.setString(5, key.verdict().wireName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw store.failure("reading an edge's count", e);
    }
  }

  /** Every input whose first record had this fingerprint, furthest read first. */
  public List<Checkpoint> checkpointsWithHead(String head) {
    return query(
        "SELECT source, head, path, position, line, tail_hash FROM ingest_checkpoint WHERE head = ?"
            + " ORDER BY position DESC, source",
        head);
  }

  /**
   * The content marks of {@code source} in order of position, up to {@code upTo}: {@code into}
   * returns false to stop early.
   */
  public void marks(String source, long upTo, java.util.function.Predicate<ContentMark> into) {
    String sql =
        "SELECT position, line, tail_hash FROM ingest_mark WHERE source = ? AND position <= ?"
            + " ORDER BY position";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, source);
      ps.setLong(2, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!into.test(new ContentMark(rs.getLong(1), rs.getLong(2), rs.getString(3)))) {
            return;
          }
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading content marks", e);
    }
  }

  private List<Checkpoint> query(String sql, String arg) {
    List<Checkpoint> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Checkpoint(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading checkpoints", e);
    }
    return out;
  }

  private static Checkpoint first(List<Checkpoint> list) {
    return list.isEmpty() ? null : list.get(0);
  }

  /** Streams the deduplication memory, least recently seen first. */
  public void loadMemory(Consumer<RememberedConnection> into) {
    String sql =
        "SELECT m.hash, m.amount, m.owner, m.client_low, m.guessed, m.last_seen, m.seq,"
            + " ce.key, se.key, e.port, e.protocol, e.verdict, e.id"
            + " FROM conn_state m JOIN edge e ON e.id = m.edge_id"
            + " JOIN endpoint ce ON ce.id = e.client_id JOIN endpoint se ON se.id = e.server_id"
            + " ORDER BY m.seq";
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        EdgeKey edge =
            new EdgeKey(
                rs.getString(8),
                rs.getString(9),
                rs.getInt(10),
                Protocol.valueOf(rs.getString(11)),
                Verdict.fromWireName(rs.getString(12)));
        edgeIds.put(edge, rs.getLong(13));
        into.accept(
            new RememberedConnection(
                rs.getLong(1),
                edge,
                rs.getLong(2),
                rs.getInt(3),
                rs.getInt(4) != 0,
                rs.getInt(5) != 0,
                rs.getLong(6),
                rs.getLong(7)));
      }
    } catch (SQLException e) {
      throw store.failure("reading the deduplication memory", e);
    }
  }

  public void commit(IngestBatch batch) {
    Ids ids = new Ids();
    store.transaction(
        "writing observed connections",
        () -> {
          try (ids) {
            verifyCheckpoint(batch);
            writeEdges(batch, ids);
            writeLabels(batch, ids);
            writeDns(batch, ids);
            writeNamespaceLabels(batch);
            writeSources(batch, ids);
            writeMemory(batch, ids);
            writeCheckpoint(batch);
            writeMarks(batch);
            beforeCommit.run();
          }
        });
    endpointIds.putAll(ids.newEndpoints);
    edgeIds.putAll(ids.newEdges);
  }

  private void verifyCheckpoint(IngestBatch batch) throws SQLException {
    for (IngestBatch.PendingCheckpoint pending : batch.checkpoints.values()) {
      Checkpoint stored = checkpoint(pending.checkpoint().source());
      long position = stored == null ? 0 : stored.position();
      if (position != pending.expectedPosition()) {
        throw new CheckpointConflictException(
            pending.checkpoint(), position, pending.expectedPosition(), store.path());
      }
    }
  }

  private void writeEdges(IngestBatch batch, Ids ids) throws SQLException {
    String upsert =
        "INSERT INTO edge (client_id, server_id, port, protocol, verdict, count, first_seen, last_seen)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (client_id, server_id, port, protocol, verdict) DO UPDATE SET"
            + " count = count + excluded.count,"
            + " first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),"
            + " last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))";
    try (PreparedStatement ps = c.prepareStatement(upsert)) {
      for (Map.Entry<EdgeKey, IngestBatch.EdgeDelta> e : batch.edges.entrySet()) {
        EdgeKey key = e.getKey();
        IngestBatch.EdgeDelta d = e.getValue();
        ps.setLong(1, ids.endpoint(key.clientKey(), d.client));
        ps.setLong(2, ids.endpoint(key.serverKey(), d.server));
        ps.setInt(3, key.port());
        ps.setString(4, key.protocol().name());
        ps.setString(5, key.verdict().wireName());
        ps.setLong(6, d.count);
        setTime(ps, 7, d.firstSeen == Long.MAX_VALUE ? null : d.firstSeen);
        setTime(ps, 8, d.lastSeen == Long.MIN_VALUE ? null : d.lastSeen);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void setTime(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }

  /**
   * The ids of endpoints and edges a transaction stores, by their keys: those committed before
   * (kept by the writer), those this transaction added, else looked up with statements prepared
   * once per transaction (a batch names thousands of endpoints and edges new to it).
   */
  private final class Ids implements AutoCloseable {
    final Map<String, Long> newEndpoints = new HashMap<>();
    final Map<EdgeKey, Long> newEdges = new HashMap<>();
    private PreparedStatement insertEndpoint;
    private PreparedStatement selectEndpoint;
    private PreparedStatement selectEdge;

    /** The id of the endpoint {@code key}, stored first from {@code endpoint} unless null. */
    long endpoint(String key, Endpoint endpoint) throws SQLException {
      Long id = endpointIds.get(key);
      if (id == null) {
        id = newEndpoints.get(key);
      }
      return id != null ? id : storedEndpoint(key, endpoint);
    }

    private long storedEndpoint(String key, Endpoint endpoint) throws SQLException {
      if (endpoint != null) {
        if (insertEndpoint == null) {
          insertEndpoint =
              c.prepareStatement(
                  "INSERT INTO endpoint (key, kind, namespace, workload, name, ip, own_node)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING");
        }
        insertEndpoint.setString(1, key);
        insertEndpoint.setString(2, endpoint.kind().wireName());
        insertEndpoint.setString(3, endpoint.namespace());
        insertEndpoint.setString(4, endpoint.workload());
        insertEndpoint.setString(5, endpoint.name());
        insertEndpoint.setString(6, endpoint.ip());
        insertEndpoint.setInt(7, endpoint.ownNode() ? 1 : 0);
        insertEndpoint.executeUpdate();
      }
      if (selectEndpoint == null) {
        selectEndpoint = c.prepareStatement("SELECT id FROM endpoint WHERE key = ?");
      }
      selectEndpoint.setString(1, key);
      long id;
      try (ResultSet rs = selectEndpoint.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("endpoint " + key + " is neither stored nor described");
        }
        id = rs.getLong(1);
      }
      newEndpoints.put(key, id);
      return id;
    }

    /** The id of the stored edge {@code key}. */
    long edge(EdgeKey key) throws SQLException {
      Long id = edgeIds.get(key);
      if (id == null) {
        id = newEdges.get(key);
      }
      return id != null ? id : storedEdge(key);
    }

    private long storedEdge(EdgeKey key) throws SQLException {
      if (selectEdge == null) {
        selectEdge =
            c.prepareStatement(
                "SELECT id FROM edge WHERE client_id = ? AND server_id = ? AND port = ?"
                    + " AND protocol = ? AND verdict = ?");
      }
      selectEdge.setLong(1, endpoint(key.clientKey(), null));
      selectEdge.setLong(2, endpoint(key.serverKey(), null));
      selectEdge.setInt(3, key.port());
      selectEdge.setString(4, key.protocol().name());
      selectEdge.setString(5, key.verdict().wireName());
      long id;
      try (ResultSet rs = selectEdge.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("edge " + key + " is not stored");
        }
        id = rs.getLong(1);
      }
      newEdges.put(key, id);
      return id;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps :
          new PreparedStatement[] {insertEndpoint, selectEndpoint, selectEdge}) {
        if (ps != null) {
          ps.close();
        }
      }
    }
  }

  private void writeLabels(IngestBatch batch, Ids ids) throws SQLException {
    String sql =
        "INSERT INTO workload_labels (endpoint_id, labels, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (endpoint_id, labels) DO UPDATE SET count = count + excluded.count,"
            + " first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),"
            + " last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (IngestBatch.LabelSighting s : batch.labelSets.values()) {
        ps.setLong(1, ids.endpoint(s.pod.key(), s.pod));
        ps.setString(2, LabelCodec.encode(s.pod.labels()));
        ps.setLong(3, s.count);
        setTime(ps, 4, s.firstSeen == Long.MAX_VALUE ? null : s.firstSeen);
        setTime(ps, 5, s.lastSeen == Long.MIN_VALUE ? null : s.lastSeen);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void writeDns(IngestBatch batch, Ids ids) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR IGNORE INTO endpoint_dns (endpoint_id, dns_name) VALUES (?, ?)")) {
      for (Endpoint e : batch.dnsEndpoints.keySet()) {
        long id = ids.endpoint(e.key(), e);
        for (String name : e.dnsNames()) {
          ps.setLong(1, id);
          ps.setString(2, name);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private void writeNamespaceLabels(IngestBatch batch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO namespace_labels (namespace, labels) VALUES (?, ?)"
                + " ON CONFLICT (namespace) DO UPDATE SET labels = excluded.labels")) {
      for (Map.Entry<String, SortedMap<String, String>> e : batch.namespaceLabels.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, LabelCodec.encode(e.getValue()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void writeSources(IngestBatch batch, Ids ids) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO edge_source (edge_id, source, count) VALUES (?, ?, ?)"
                + " ON CONFLICT (edge_id, source) DO UPDATE SET count = count + excluded.count")) {
      for (Map.Entry<EdgeKey, Map<String, Long>> e : batch.sources.entrySet()) {
        long edge = ids.edge(e.getKey());
        for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
          ps.setLong(1, edge);
          ps.setString(2, s.getKey());
          ps.setLong(3, s.getValue());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private void writeMemory(IngestBatch batch, Ids ids) throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM conn_state WHERE hash = ?")) {
      for (long hash : batch.trackerEvictions) {
        del.setLong(1, hash);
        del.addBatch();
      }
      del.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR REPLACE INTO conn_state (hash, edge_id, amount, owner, client_low, guessed, last_seen, seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (RememberedConnection r : batch.trackerChanges) {
        ps.setLong(1, r.hash());
        ps.setLong(2, ids.edge(r.edge()));
        ps.setLong(3, r.amount());
        ps.setInt(4, r.owner());
        ps.setInt(5, r.clientIsLow() ? 1 : 0);
        ps.setInt(6, r.guessed() ? 1 : 0);
        ps.setLong(7, r.lastSeenMs());
        ps.setLong(8, r.seq());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void writeMarks(IngestBatch batch) throws SQLException {
    try (PreparedStatement copy =
        c.prepareStatement(
            "INSERT OR IGNORE INTO ingest_mark (source, position, line, tail_hash)"
                + " SELECT ?, position, line, tail_hash FROM ingest_mark"
                + " WHERE source = ? AND position <= ?")) {
      for (IngestBatch.MarkCopy m : batch.markCopies) {
        copy.setString(1, m.to());
        copy.setString(2, m.from());
        copy.setLong(3, m.upTo());
        copy.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR IGNORE INTO ingest_mark (source, position, line, tail_hash)"
                + " VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<String, List<ContentMark>> e : batch.marks.entrySet()) {
        for (ContentMark m : e.getValue()) {
          ps.setString(1, e.getKey());
          ps.setLong(2, m.position());
          ps.setLong(3, m.line());
          ps.setString(4, m.tailHash());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private void writeCheckpoint(IngestBatch batch) throws SQLException {
    if (batch.checkpoints.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ingest_checkpoint (source, head, path, position, line, tail_hash, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (source) DO UPDATE SET path = excluded.path, position = excluded.position,"
                + " line = excluded.line, tail_hash = excluded.tail_hash, updated_at = excluded.updated_at")) {
      for (IngestBatch.PendingCheckpoint pending : batch.checkpoints.values()) {
        Checkpoint cp = pending.checkpoint();
        ps.setString(1, cp.source());
        ps.setString(2, cp.head());
        ps.setString(3, cp.path());
        ps.setLong(4, cp.position());
        ps.setLong(5, cp.line());
        ps.setString(6, cp.tailHash());
        ps.setLong(7, System.currentTimeMillis());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
