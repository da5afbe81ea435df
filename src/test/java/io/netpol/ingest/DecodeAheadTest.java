package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
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

  @Test
  void a_cluster_of_many_distinct_pods_and_labels_is_stored_the_same() throws Exception {
    Path file = dir.resolve("many-pods.jsonl");
    try (java.io.Writer out = Files.newBufferedWriter(file)) {
      Simulator.writeManyPods(out, java.time.Instant.parse("2026-11-20T10:00:00Z"), 900, 20_000);
    }
    assertSame(file, 333);
    assertSame(file, 1_000_000);
  }

  @TestFactory
  Stream<DynamicTest> every_shared_fixture_is_stored_the_same() throws IOException {
    return SharedFixtures.each(
        fixture -> {
          Path file = dir.resolve(fixture.getFileName());
          Files.copy(fixture, file, StandardCopyOption.REPLACE_EXISTING);
          assertSame(file, 7);
          assertSame(file, 1_000_000);
        });
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
    assertEquals(SameStore.report(sequentialFirst), SameStore.report(aheadFirst));
    assertEquals(SameStore.report(sequentialThen), SameStore.report(aheadThen));
    SameStore.assertSameTables(dir.resolve("rerun-0.db"), dir.resolve("rerun-3.db"), "rerun");
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
      assertEquals(SameStore.report(sequential), SameStore.report(ahead), where);
      SameStore.assertSameTables(sequentialDb, db, where);
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

  private static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
