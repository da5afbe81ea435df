package io.netpol.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Stored connections counted per namespace and verdict: what rollout gates and metrics measure. An
 * edge counts once for each namespace it touches (once when both sides are in the same one).
 */
public final class TrafficCounts {

  /** The counts now. */
  public record Totals(Map<String, NamespaceCounts> byNamespace, long total) {}

  private final Store store;

  public TrafficCounts(Store store) {
    this.store = store;
  }

  public Totals read() {
    Map<String, long[]> acc = new HashMap<>();
    long total = 0;
    try (PreparedStatement ps =
            store
                .connection()
                .prepareStatement(
                    "SELECT ns, verdict, sum(count) FROM ("
                        + " SELECT ce.namespace AS ns, e.verdict AS verdict, e.count AS count FROM edge e"
                        + "  JOIN endpoint ce ON ce.id = e.client_id WHERE ce.namespace IS NOT NULL"
                        + " UNION ALL"
                        + " SELECT se.namespace, e.verdict, e.count FROM edge e"
                        + "  JOIN endpoint ce ON ce.id = e.client_id JOIN endpoint se ON se.id = e.server_id"
                        + "  WHERE se.namespace IS NOT NULL"
                        + "  AND (ce.namespace IS NULL OR ce.namespace <> se.namespace)"
                        + ") GROUP BY ns, verdict");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long[] c = acc.computeIfAbsent(rs.getString(1), k -> new long[3]);
        long n = rs.getLong(3);
        c[0] += n;
        if ("denied".equals(rs.getString(2))) {
          c[1] += n;
        } else if ("audit".equals(rs.getString(2))) {
          c[2] += n;
        }
      }
    } catch (SQLException e) {
      throw store.failure("counting connections per namespace", e);
    }
    try (PreparedStatement ps =
            store.connection().prepareStatement("SELECT coalesce(sum(count), 0) FROM edge");
        ResultSet rs = ps.executeQuery()) {
      total = rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw store.failure("counting connections", e);
    }
    Map<String, NamespaceCounts> out = new HashMap<>();
    acc.forEach((ns, c) -> out.put(ns, new NamespaceCounts(c[0], c[1], c[2])));
    return new Totals(out, total);
  }
}
