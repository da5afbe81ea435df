package io.netpol.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, versioned with SQLite's {@code user_version}: migration N brings a database from
 * version N-1 to N, in its own transaction, so an interrupted upgrade leaves the old version
 * intact.
 */
final class Migrations {

  /** Resource names in order; the position + 1 is the version each produces. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__core.sql",
          "V2__evidence.sql",
          "V3__rollout.sql",
          "V4__kafka_readers.sql",
          "V5__content_marks.sql",
          "V6__rollout_objects.sql");

  static int latest() {
    return SCRIPTS.size();
  }

  private Migrations() {}

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Applies the migrations from the current version up to {@code target}. */
  static void migrate(Connection c, int target, String dbName) throws SQLException {
    int current = currentVersion(c);
    if (current > latest()) {
      throw new StoreException(
          dbName
              + " has schema version "
              + current
              + " but this netpol-recommend knows only up to "
              + latest()
              + "; use a newer netpol-recommend with this database");
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int version = current + 1; version <= target; version++) {
        try (Statement s = c.createStatement()) {
          for (String sql : statements(SCRIPTS.get(version - 1))) {
            s.execute(sql);
          }
          s.execute("PRAGMA user_version = " + version);
        }
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Splits a script on the semicolons that end statements; those inside a trigger's {@code BEGIN
   * ... END} and inside quotes belong to the statement.
   */
  static List<String> split(String script) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean inBody = false;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      current.append(c);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == ';') {
        String upper = current.toString().toUpperCase(java.util.Locale.ROOT);
        if (!inBody && upper.matches("(?s).*\\bBEGIN\\b.*")) {
          inBody = true;
        }
        if (!inBody || upper.matches("(?s).*\\bEND\\s*;$")) {
          String sql = current.toString().trim();
          if (!sql.equals(";")) {
            out.add(sql.substring(0, sql.length() - 1).trim());
          }
          current.setLength(0);
          inBody = false;
        }
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    return out;
  }

  private static List<String> statements(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource /db/" + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder cleaned = new StringBuilder();
      for (String line : text.split("\n")) {
        if (!line.trim().startsWith("--")) {
          cleaned.append(line).append('\n');
        }
      }
      return split(cleaned.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }
}
