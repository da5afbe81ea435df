package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding ahead on other threads ({@link DecodeAhead}) must store exactly what decoding each
 * record on the reading thread stores: the same rows (edges, checkpoints with their positions,
 * lines and fingerprints, deduplication memory) and the same report, problems in the same order.
 * Chunks of a few lines and small batches put chunk ends and commits everywhere.
 */
class DecodeAheadTest {

  private static final Path SAMPLE = Path.of("collectors", "samples", "voting-app-hubble.jsonl");

  @TempDir Path dir;

  @Test
  void the_voting_sample_is_stored_the_same() throws Exception {
    Path file = dir.resolve("voting.jsonl");
    Files.copy(SAMPLE, file);
    assertSame(file, 50);
    assertSame(file, 1);
    assertSame(file, 1_000_000);
  }

  @TestFactory
  Stream<DynamicTest> every_shared_fixture_is_stored_the_same() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(SharedFixturesIT.FIXTURES), "no shared fixtures");
    List<Path> fixtures;
    try (Stream<Path> walk = Files.walk(SharedFixturesIT.FIXTURES)) {
      fixtures =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.toString().endsWith(".md"))
              .sorted()
              .toList();
    }
    return fixtures.stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    SharedFixturesIT.FIXTURES.relativize(fixture).toString(),
                    () -> {
                      Path file = dir.resolve(fixture.getFileName());
                      Files.copy(fixture, file, StandardCopyOption.REPLACE_EXISTING);
                      assertSame(file, 7);
                      assertSame(file, 1_000_000);
                    }));
  }

  @Test
  void malformed_blank_too_long_and_foreign_lines_are_reported_the_same() throws Exception {
    List<String> sample = Files.readAllLines(SAMPLE);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      lines.add(sample.get(i));
      switch (i % 37) {
        case 3 -> lines.add("{\"flow\": {\"verdict\": ");
        case 5 -> lines.add("   ");
        case 9 -> lines.add("not json at all");
        case 11 -> lines.add("{\"agent_event\": {\"type\": \"x\"}}");
        case 17 ->
            lines.add(
                "{\"flow\": {\"time\": \"2026-02-30T00:00:00Z\", \"verdict\": \"FORWARDED\"}}");
        case 19 -> lines.add("{\"something\": \"else\"}");
        case 23 -> lines.add("{\"log\": " + quoted(sample.get(i)) + "}");
        case 29 ->
            lines.add(
                "{\"flow\": {\"verdict\": \"FORWARDED\", \"source\": {\"labels\": [1, {}]}}}");
        case 31 -> lines.add("{\"x\": \"" + "y".repeat(3000) + "\"}");
        default -> {}
      }
    }
    Path file = dir.resolve("mixed.jsonl");
    Files.writeString(
        file,
        String.join("\n", lines) + "\n{\"flow\": {\"verdict\": \"FORW",
        StandardCharsets.UTF_8);
    for (int batch : new int[] {1, 7, 50, 1_000_000}) {
      assertSame(file, batch);
    }
  }

  @Test
  void a_rerun_after_the_file_grew_continues_the_same() throws Exception {
    List<String> sample = Files.readAllLines(SAMPLE);
    Path first = dir.resolve("first.jsonl");
    Files.writeString(
        first, String.join("\n", sample.subList(0, 300)) + "\n" + sample.get(300).substring(0, 40));
    Path grown = dir.resolve("grown.jsonl");
    Files.writeString(grown, String.join("\n", sample) + "\n");
    Path file = dir.resolve("growing.jsonl");
    Files.copy(first, file);
    IngestReport sequentialFirst = observe(dir.resolve("rerun-0.db"), file, 40, 0);
    IngestReport aheadFirst = observe(dir.resolve("rerun-3.db"), file, 40, 3);
    Files.copy(grown, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    IngestReport sequentialThen = observe(dir.resolve("rerun-0.db"), file, 40, 0);
    IngestReport aheadThen = observe(dir.resolve("rerun-3.db"), file, 40, 3);
    assertTrue(sequentialFirst.records() > 0 && sequentialThen.records() > 0);
    assertEquals(describe(sequentialFirst), describe(aheadFirst));
    assertEquals(describe(sequentialThen), describe(aheadThen));
    assertEquals(
        String.join("\n", dump(dir.resolve("rerun-0.db"))),
        String.join("\n", dump(dir.resolve("rerun-3.db"))));
  }

  @Test
  void a_truncated_gzip_keeps_the_same_read_position() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      Files.copy(SAMPLE, gz);
    }
    byte[] all = bytes.toByteArray();
    Path file = dir.resolve("cut.jsonl.gz");
    Files.write(file, Arrays.copyOf(all, all.length * 2 / 3));
    assertSame(file, 30);
  }

  @Test
  void the_threads_end_with_the_read() throws Exception {
    Path file = dir.resolve("voting.jsonl");
    Files.copy(SAMPLE, file);
    observe(dir.resolve("threads.db"), file, 50, 3);
    Path cut = dir.resolve("cut.jsonl.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      Files.copy(SAMPLE, gz);
    }
    Files.write(cut, Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
    observe(dir.resolve("threads-cut.db"), cut, 50, 3);
    boolean left =
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(
                t ->
                    java.util.Set.of("netpol-decode-ahead", "netpol-store-writer")
                            .contains(t.getName())
                        && t.isAlive());
    assertTrue(!left, "no thread reading ahead or writing is left running");
  }

  private void assertSame(Path file, int batchRecords) throws Exception {
    Path sequentialDb = dir.resolve("sequential-" + batchRecords + "-" + System.nanoTime() + ".db");
    Path aheadDb = dir.resolve("ahead-" + batchRecords + "-" + System.nanoTime() + ".db");
    IngestReport sequential = observe(sequentialDb, file, batchRecords, 0);
    for (int chunk : new int[] {1, 3, 64}) {
      Path db = aheadDb.resolveSibling(aheadDb.getFileName() + "-" + chunk);
      IngestReport ahead = observe(db, file, batchRecords, chunk);
      String where = file.getFileName() + ", batches of " + batchRecords + ", chunks of " + chunk;
      assertEquals(describe(sequential), describe(ahead), where);
      assertEquals(String.join("\n", dump(sequentialDb)), String.join("\n", dump(db)), where);
    }
  }

  private static IngestReport observe(Path db, Path file, int batchRecords, int chunkLines) {
    try (Store store = Store.open(db)) {
      IngestOptions options =
          IngestOptions.defaults().withBatchRecords(batchRecords).withMaxRecordBytes(2_000);
      return new Ingestor(store, options, ProgressListener.NONE, chunkLines)
          .run(List.of(file.toString()), InputStream.nullInputStream());
    }
  }

  private static String describe(IngestReport r) {
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

  /** Every row of every table, in a stable order. */
  private static List<String> dump(Path db) throws SQLException {
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
      for (String table : tables) {
        List<String> tableRows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table).append(':');
            for (int i = 1; i <= columns; i++) {
              if (!rs.getMetaData().getColumnName(i).endsWith("_at")) { // wall-clock times differ
                row.append(' ').append(rs.getString(i));
              }
            }
            tableRows.add(row.toString());
          }
        }
        Collections.sort(tableRows);
        rows.addAll(tableRows);
      }
    }
    return rows;
  }

  private static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
