package io.netpol.store;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.flow.WorkloadKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the aggregated connections and what is known about their endpoints. */
public final class EdgeReader {

  private final Store store;

  EdgeReader(Store store) {
    this.store = store;
  }

  /**
   * Stored connections with a positive count, ordered by client, server, port, protocol and
   * verdict. Pods carry their most recently seen stable label set; world peers their DNS names.
   *
   * @param namespaces when not empty, only connections with a side in one of these namespaces
   */
  public List<ObservedConnection> connections(Collection<String> namespaces) {
    Map<Long, Endpoint> endpoints = endpoints();
    String sql =
        "SELECT e.client_id, e.server_id, e.port, e.protocol, e.verdict, e.count, e.first_seen, e.last_seen"
            + " FROM edge e WHERE e.count > 0";
    List<String> names = List.copyOf(namespaces);
    if (!names.isEmpty()) {
      // Filtered in SQL: a namespace's connections are read without reading the cluster's.
      String of =
          "(SELECT id FROM endpoint WHERE namespace IN ("
              + String.join(",", Collections.nCopies(names.size(), "?"))
              + "))";
      sql += " AND (e.client_id IN " + of + " OR e.server_id IN " + of + ")";
    }
    List<ObservedConnection> out = new ArrayList<>();
    try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
      for (int i = 0; i < names.size(); i++) {
        ps.setString(i + 1, names.get(i));
        ps.setString(names.size() + i + 1, names.get(i));
      }
      read(ps, endpoints, out);
    } catch (SQLException e) {
      throw store.failure("reading connections", e);
    }
    out.sort(
        java.util.Comparator.comparing((ObservedConnection c) -> c.client().key())
            .thenComparing(c -> c.server().key())
            .thenComparingInt(ObservedConnection::port)
            .thenComparing(ObservedConnection::protocol)
            .thenComparing(ObservedConnection::verdict));
    return out;
  }

  private static void read(
      PreparedStatement ps, Map<Long, Endpoint> endpoints, List<ObservedConnection> out)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Endpoint client = endpoints.get(rs.getLong(1));
        Endpoint server = endpoints.get(rs.getLong(2));
        long first = rs.getLong(7);
        boolean firstNull = rs.wasNull();
        long last = rs.getLong(8);
        boolean lastNull = rs.wasNull();
        out.add(
            new ObservedConnection(
                client,
                server,
                rs.getInt(3),
                Protocol.valueOf(rs.getString(4)),
                Verdict.fromWireName(rs.getString(5)),
                rs.getLong(6),
                firstNull ? 0 : first,
                lastNull ? 0 : last));
      }
    }
  }

  /** How many edges (with a positive count) the store holds, and their connections. */
  public record Totals(long edges, long connections) {}

  public Totals totals() {
    String sql = "SELECT count(*), coalesce(sum(count), 0) FROM edge WHERE count > 0";
    try (PreparedStatement ps = store.connection().prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Totals(rs.getLong(1), rs.getLong(2));
    } catch (SQLException e) {
      throw store.failure("counting connections", e);
    }
  }

  /** Every stored endpoint (pods with their latest label set), by {@link Endpoint#key()}. */
  public Map<String, Endpoint> endpointsByKey() {
    Map<String, Endpoint> out = new TreeMap<>();
    endpoints().values().forEach(e -> out.put(e.key(), e));
    return out;
  }

  /** The endpoint whose {@link Endpoint#key()} is {@code key}, as {@link #endpointsByKey}. */
  public Optional<Endpoint> endpoint(String key) {
    return endpoints(key).values().stream().findFirst();
  }

  /** Every endpoint with its latest label set and DNS names, by id. */
  private Map<Long, Endpoint> endpoints() {
    return endpoints(null);
  }

  /** The endpoints (only the one of {@code key} unless null), by id. */
  private Map<Long, Endpoint> endpoints(String key) {
    String ofKey =
        key == null ? "" : " WHERE endpoint_id = (SELECT id FROM endpoint WHERE key = ?)";
    Map<Long, SortedMap<String, String>> labels = new HashMap<>();
    Map<Long, TreeSet<String>> dns = new HashMap<>();
    Map<Long, Endpoint> out = new HashMap<>();
    try {
      try (PreparedStatement ps =
          prepare(
              "SELECT endpoint_id, labels FROM workload_labels"
                  + ofKey
                  + " ORDER BY endpoint_id, last_seen, labels",
              key)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            labels.put(rs.getLong(1), LabelCodec.decode(rs.getString(2)));
          }
        }
      }
      try (PreparedStatement ps =
          prepare("SELECT endpoint_id, dns_name FROM endpoint_dns" + ofKey, key)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            dns.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
          }
        }
      }
      try (PreparedStatement ps =
          prepare(
              "SELECT id, kind, namespace, workload, name, ip, own_node FROM endpoint"
                  + (key == null ? "" : " WHERE key = ?"),
              key)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            out.put(
                id,
                new Endpoint(
                    EndpointKind.fromWireName(rs.getString(2)),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    labels.getOrDefault(id, new TreeMap<>()),
                    rs.getString(6),
                    dns.get(id),
                    rs.getInt(7) != 0));
          }
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading endpoints", e);
    }
    return out;
  }

  /** A statement with {@code key} as its one parameter, unless null (then it has none). */
  private PreparedStatement prepare(String sql, String key) throws SQLException {
    PreparedStatement ps = store.connection().prepareStatement(sql);
    if (key != null) {
      ps.setString(1, key);
    }
    return ps;
  }

  /** Every stable label set seen per pod workload. */
  public SortedMap<WorkloadKey, List<SortedMap<String, String>>> workloadLabelSets() {
    SortedMap<WorkloadKey, List<SortedMap<String, String>>> out = new TreeMap<>();
    String sql =
        "SELECT p.key, l.labels FROM workload_labels l JOIN endpoint p ON p.id = l.endpoint_id"
            + " ORDER BY p.key, l.labels";
    try (PreparedStatement ps = store.connection().prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        WorkloadKey key = WorkloadKey.fromStoreKey(rs.getString(1));
        if (key != null) {
          out.computeIfAbsent(key, k -> new ArrayList<>()).add(LabelCodec.decode(rs.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading label sets", e);
    }
    return out;
  }

  /** Namespace labels the flow logs revealed, by namespace. */
  public Map<String, SortedMap<String, String>> namespaceLabels() {
    Map<String, SortedMap<String, String>> out = new TreeMap<>();
    try (PreparedStatement ps =
            store.connection().prepareStatement("SELECT namespace, labels FROM namespace_labels");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), LabelCodec.decode(rs.getString(2)));
      }
    } catch (SQLException e) {
      throw store.failure("reading namespace labels", e);
    }
    return out;
  }

  /** Every namespace the store knows of: of an endpoint, or with labels the flow logs revealed. */
  public Set<String> namespaces() {
    Set<String> out = new TreeSet<>();
    String sql =
        "SELECT namespace FROM endpoint WHERE namespace IS NOT NULL"
            + " UNION SELECT namespace FROM namespace_labels";
    try (PreparedStatement ps = store.connection().prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw store.failure("reading namespaces", e);
    }
    return out;
  }

  /** Evidence sources per edge, keyed like {@link io.netpol.flow.EdgeKey}. */
  public Map<io.netpol.flow.EdgeKey, Map<String, Long>> sources() {
    Map<io.netpol.flow.EdgeKey, Map<String, Long>> out = new HashMap<>();
    String sql =
        "SELECT ce.key, se.key, e.port, e.protocol, e.verdict, s.source, s.count FROM edge_source s"
            + " JOIN edge e ON e.id = s.edge_id JOIN endpoint ce ON ce.id = e.client_id"
            + " JOIN endpoint se ON se.id = e.server_id";
    // Keys and source names repeat on every row: keep one copy of each.
    Map<String, String> strings = new HashMap<>();
    try (PreparedStatement ps = store.connection().prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        io.netpol.flow.EdgeKey key =
            new io.netpol.flow.EdgeKey(
                strings.computeIfAbsent(rs.getString(1), s -> s),
                strings.computeIfAbsent(rs.getString(2), s -> s),
                rs.getInt(3),
                Protocol.valueOf(rs.getString(4)),
                Verdict.fromWireName(rs.getString(5)));
        out.computeIfAbsent(key, k -> new TreeMap<>())
            .put(strings.computeIfAbsent(rs.getString(6), s -> s), rs.getLong(7));
      }
    } catch (SQLException e) {
      throw store.failure("reading evidence sources", e);
    }
    return out;
  }
}
