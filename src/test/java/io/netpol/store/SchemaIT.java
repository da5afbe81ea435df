package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.ingest.IngestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versioned schema: migrations keep data, and databases we cannot use fail clearly. */
class SchemaIT {

  @TempDir Path dir;

  private static boolean hasTable(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }

  @Test
  void a_version_1_database_is_migrated_to_the_latest_schema_with_its_data() throws SQLException {
    Path db = dir.resolve("old.db");
    try (Store v1 = Store.open(db, 1);
        Statement s = v1.connection().createStatement()) {
      assertEquals(1, v1.schemaVersion());
      assertFalse(hasTable(v1.connection(), "edge_source"), "V2 tables do not exist yet");
      s.execute(
          "INSERT INTO endpoint (id, key, kind, namespace, workload) VALUES"
              + " (1, 'pod:voting-api/api', 'pod', 'voting-api', 'api'),"
              + " (2, 'pod:voting-data/postgres', 'pod', 'voting-data', 'postgres')");
      s.execute(
          "INSERT INTO edge (client_id, server_id, port, protocol, verdict, count, first_seen, last_seen)"
              + " VALUES (1, 2, 5432, 'TCP', 'allowed', 7, 1795168800000, 1795168920000)");
      s.execute(
          "INSERT INTO workload_labels (endpoint_id, labels, count, first_seen, last_seen)"
              + " VALUES (1, '{\"app\":\"api\"}', 7, 1795168800000, 1795168920000)");
      s.execute(
          "INSERT INTO ingest_checkpoint (source, head, path, position, line, tail_hash, updated_at)"
              + " VALUES ('file:abc', 'abc', 'old.jsonl', 1234, 10, 'def', 0)");
    }

    try (Store latest = Store.open(db)) {
      assertEquals(Migrations.latest(), latest.schemaVersion());
      assertEquals(6, latest.schemaVersion(), "update this test when a migration is added");
      assertTrue(hasTable(latest.connection(), "rollout_step"));
      assertTrue(hasTable(latest.connection(), "audit_log"));
      assertTrue(hasTable(latest.connection(), "edge_source"));
      assertTrue(hasTable(latest.connection(), "kafka_reader"));
      List<ObservedConnection> connections = latest.edges().connections(List.of());
      assertEquals(1, connections.size());
      ObservedConnection c = connections.get(0);
      assertEquals("pod:voting-api/api", c.client().key());
      assertEquals(Map.of("app", "api"), c.client().labels());
      assertEquals("pod:voting-data/postgres", c.server().key());
      assertEquals(5432, c.port());
      assertEquals(Protocol.TCP, c.protocol());
      assertEquals(Verdict.ALLOWED, c.verdict());
      assertEquals(7, c.count());
      assertEquals(1795168800000L, c.firstSeenMs());
      assertEquals(1234, latest.ingestWriter().checkpoint("file:abc").position());
    }
  }

  @Test
  void a_migrated_database_takes_new_observations_on_top_of_the_old_counts() throws SQLException {
    Path db = dir.resolve("old.db");
    try (Store v1 = Store.open(db, 1);
        Statement s = v1.connection().createStatement()) {
      s.execute(
          "INSERT INTO endpoint (id, key, kind, namespace, workload) VALUES"
              + " (1, 'pod:voting-api/api', 'pod', 'voting-api', 'api'),"
              + " (2, 'pod:voting-data/postgres', 'pod', 'voting-data', 'postgres')");
      s.execute(
          "INSERT INTO edge (client_id, server_id, port, protocol, verdict, count) VALUES (1, 2, 5432, 'TCP', 'allowed', 7)");
    }

    StoreRuns.observe(db, IngestOptions.defaults(), StoreRuns.HUBBLE_SAMPLE);

    long apiToPostgres =
        StoreRuns.snapshot(db).connections().stream()
            .filter(
                c ->
                    c.client().key().equals("pod:voting-api/api")
                        && c.server().key().equals("pod:voting-data/postgres"))
            .mapToLong(ObservedConnection::count)
            .sum();
    assertEquals(7 + 10, apiToPostgres, "7 from before the upgrade, 10 in the sample");
  }

  @Test
  void a_database_from_a_newer_version_is_refused_with_a_clear_message_and_left_alone()
      throws SQLException {
    Path db = dir.resolve("newer.db");
    Store.open(db).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }

    StoreException e = assertThrows(StoreException.class, () -> Store.open(db));

    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    assertTrue(e.getMessage().contains("use a newer netpol-recommend"), e.getMessage());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
      assertEquals(99, rs.getInt(1), "not downgraded");
    }
  }

  @Test
  void a_file_that_is_not_sqlite_is_refused_with_a_clear_message_and_left_alone() throws Exception {
    Path notDb = dir.resolve("flows.jsonl");
    byte[] content =
        ("{\"flow\":{\"verdict\":\"FORWARDED\"}}\n".repeat(200)).getBytes(StandardCharsets.UTF_8);
    Files.write(notDb, content);

    StoreException e = assertThrows(StoreException.class, () -> Store.open(notDb));

    assertEquals(
        "cannot open database " + notDb + ": the file is not a SQLite database; pass another --db",
        e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(notDb));
  }

  @Test
  void a_database_in_a_missing_folder_names_the_folder() {
    Path db = dir.resolve("no-such-folder").resolve("netpol.db");

    StoreException e = assertThrows(StoreException.class, () -> Store.open(db));

    assertTrue(
        e.getMessage().contains("folder " + db.getParent() + " does not exist"), e.getMessage());
  }
}
