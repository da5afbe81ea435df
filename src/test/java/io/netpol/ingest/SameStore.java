package io.netpol.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What two ways of ingesting the same input must agree on, to compare a parallel path with the
 * sequential one: every row of every table of the store, and the report.
 */
public final class SameStore {

  private SameStore() {}

  /** Every row of every table, table by table, rows sorted; wall-clock columns left out. */
  public static String tables(Path db) throws SQLException {
    return tables(db, false);
  }

  /**
   * The same, a row's surrogate id (endpoint, edge) left out and each reference to one replaced by
   * the row it refers to: what two stores must agree on when their batches were not the same
   * (records of several partitions interleaved otherwise, batches ended by the clock), so that rows
   * were inserted in another order.
   */
  public static String naturalTables(Path db) throws SQLException {
    return tables(db, true);
  }

  private static String tables(Path db, boolean natural) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      Map<String, Map<String, String>> references = new HashMap<>();
      Map<String, Map<String, String>> byId = new HashMap<>();
      if (natural) {
        for (String table : tables) {
          references.put(table, foreignKeys(s, table));
        }
        for (String table : List.of("endpoint", "edge")) { // edges refer to endpoints
          if (tables.contains(table)) {
            byId.put(table, new HashMap<>());
            for (String[] row : rows(s, table, references, byId)) {
              byId.get(table).put(row[0], row[1]);
            }
          }
        }
      }
      for (String table : tables) {
        List<String> tableRows = new ArrayList<>();
        for (String[] row : rows(s, table, references, byId)) {
          tableRows.add(table + ":" + row[1]);
        }
        Collections.sort(tableRows);
        rows.addAll(tableRows);
      }
    }
    return String.join("\n", rows);
  }

  /** Column → referenced table, of the table's foreign keys. */
  private static Map<String, String> foreignKeys(Statement s, String table) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_list(\"" + table + "\")")) {
      while (rs.next()) {
        out.put(rs.getString("from"), rs.getString("table"));
      }
    }
    return out;
  }

  /**
   * Each row as {id, text}: its columns but wall-clock ones; with {@code byId} filled for a table,
   * its {@code id} left out, and references to such tables replaced by the rows referred to.
   */
  private static List<String[]> rows(
      Statement s,
      String table,
      Map<String, Map<String, String>> references,
      Map<String, Map<String, String>> byId)
      throws SQLException {
    Map<String, String> refs = references.getOrDefault(table, Map.of());
    boolean dropId = byId.containsKey(table);
    List<String[]> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        String id = null;
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          String column = rs.getMetaData().getColumnName(i);
          String value = rs.getString(i);
          if (column.equals("id")) {
            id = value;
            if (dropId) {
              continue;
            }
          }
          if (column.endsWith("_at")) { // wall-clock times differ
            continue;
          }
          Map<String, String> referred = byId.get(refs.get(column));
          row.append(' ').append(referred == null ? value : "(" + referred.get(value) + ")");
        }
        out.add(new String[] {id, row.toString()});
      }
    }
    return out;
  }

  /**
   * Fails unless both stores hold the same rows, naming the rows only one of them holds (at most
   * ten of each).
   */
  public static void assertSameTables(Path expected, Path actual, String where)
      throws SQLException {
    assertSame(tables(expected), tables(actual), expected, actual, where);
  }

  /** {@link #assertSameTables} of the {@link #naturalTables}. */
  public static void assertSameNaturalTables(Path expected, Path actual, String where)
      throws SQLException {
    assertSame(naturalTables(expected), naturalTables(actual), expected, actual, where);
  }

  private static void assertSame(
      String expectedRows, String actualRows, Path expected, Path actual, String where) {
    List<String> a = List.of(expectedRows.split("\n"));
    List<String> b = List.of(actualRows.split("\n"));
    if (a.equals(b)) {
      return;
    }
    java.util.Set<String> onlyA = new java.util.LinkedHashSet<>(a);
    b.forEach(onlyA::remove);
    java.util.Set<String> onlyB = new java.util.LinkedHashSet<>(b);
    a.forEach(onlyB::remove);
    throw new AssertionError(
        where
            + ": the stores differ ("
            + a.size()
            + " and "
            + b.size()
            + " rows); only in "
            + expected.getFileName()
            + ":\n  "
            + String.join("\n  ", onlyA.stream().limit(10).toList())
            + "\nonly in "
            + actual.getFileName()
            + ":\n  "
            + String.join("\n  ", onlyB.stream().limit(10).toList()));
  }

  /** The report's counts, its problems in the order they were reported, and its failed inputs. */
  public static String report(IngestReport r) {
    return "records="
        + r.records()
        + " bytes="
        + r.bytes()
        + " connections="
        + r.connections()
        + " malformed="
        + r.malformed()
        + " skipped="
        + r.skipped()
        + "\nproblems="
        + r.problems()
        + "\nfailed="
        + r.failedInputs();
  }
}
