package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.ObservedConnection;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.PriorRead;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Content already stored is never stored again, whatever its path, copy, compression, name or the
 * order of the runs: every order of observing an input, its copies and the same path twice, with a
 * deduplication memory far too small to hide a second count, stores what one clean run stores.
 */
class ContentIdentityIT {

  /** Remembers almost nothing: a record read twice is counted twice unless it is never read. */
  private static final IngestOptions TINY = IngestOptions.defaults().withMemoryCapacity(3);

  private static final int LINES = 160;

  @TempDir Path dir;
  private List<String> lines;
  private Path original;

  /** One way of observing what the original holds (or held). */
  enum Step {
    ORIGINAL,
    CP_COPY,
    GZIP_COPY,
    ROTATED_NAME,
    SAME_PATH_TWICE,
    EARLIER_CP_COPY,
    EARLIER_GZIP_COPY
  }

  @BeforeEach
  void files() throws IOException {
    lines = Files.readAllLines(StoreRuns.HUBBLE_SAMPLE).subList(0, LINES);
    original = write(dir.resolve("flows.jsonl"), lines, false);
    Files.createDirectories(dir.resolve("copy"));
    Files.copy(original, dir.resolve("copy/flows.jsonl"));
    write(dir.resolve("flows-copy.jsonl.gz"), lines, true);
    Files.copy(original, dir.resolve("flows.jsonl.1"));
    // Taken while the original was being written: the first 70 lines, the last cut off mid-line.
    List<String> earlier = new ArrayList<>(lines.subList(0, 69));
    earlier.add(lines.get(69).substring(0, 200));
    Path early = write(dir.resolve("early.jsonl"), earlier, false);
    Files.writeString(early, Files.readString(early).stripTrailing());
    write(dir.resolve("early.jsonl.gz"), lines.subList(0, 70), true);
  }

  private static Path write(Path path, List<String> lines, boolean gzip) throws IOException {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(path)) {
      if (gzip) {
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
          gz.write(bytes);
        }
      } else {
        out.write(bytes);
      }
    }
    return path;
  }

  private Path[] inputs(Step step) {
    return switch (step) {
      case ORIGINAL -> new Path[] {original};
      case CP_COPY -> new Path[] {dir.resolve("copy/flows.jsonl")};
      case GZIP_COPY -> new Path[] {dir.resolve("flows-copy.jsonl.gz")};
      case ROTATED_NAME -> new Path[] {dir.resolve("flows.jsonl.1")};
      case SAME_PATH_TWICE -> new Path[] {original, original};
      case EARLIER_CP_COPY -> new Path[] {dir.resolve("early.jsonl")};
      case EARLIER_GZIP_COPY -> new Path[] {dir.resolve("early.jsonl.gz")};
    };
  }

  private static final List<Step> COPIES =
      List.of(Step.ORIGINAL, Step.CP_COPY, Step.GZIP_COPY, Step.ROTATED_NAME, Step.SAME_PATH_TWICE);

  private static final List<Step> WITH_EARLIER_COPIES =
      List.of(
          Step.ORIGINAL,
          Step.EARLIER_CP_COPY,
          Step.GZIP_COPY,
          Step.EARLIER_GZIP_COPY,
          Step.SAME_PATH_TWICE);

  static Stream<Arguments> everyOrderOfTheCopies() {
    return permutations(COPIES).stream().map(Arguments::of);
  }

  static Stream<Arguments> everyOrderWithEarlierCopies() {
    return permutations(WITH_EARLIER_COPIES).stream().map(Arguments::of);
  }

  private static List<List<Step>> permutations(List<Step> steps) {
    if (steps.size() <= 1) {
      return List.of(steps);
    }
    List<List<Step>> out = new ArrayList<>();
    for (Step first : steps) {
      List<Step> rest = new ArrayList<>(steps);
      rest.remove(first);
      for (List<Step> tail : permutations(rest)) {
        List<Step> order = new ArrayList<>();
        order.add(first);
        order.addAll(tail);
        out.add(order);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrderOfTheCopies")
  void a_file_its_copies_and_the_same_path_twice_in_any_order_count_once(List<Step> order) {
    assertEveryOrderStoresOneCleanRun(order);
  }

  /**
   * Copies taken while the original was half written (one ending inside a line) are prefixes of it:
   * read after the original, they hold nothing new; read before it, the original continues after
   * them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrderWithEarlierCopies")
  void earlier_copies_of_a_growing_file_in_any_order_count_once(List<Step> order) {
    assertEveryOrderStoresOneCleanRun(order);
  }

  private void assertEveryOrderStoresOneCleanRun(List<Step> order) {
    Path db = dir.resolve("netpol.db");
    long records = 0;
    for (Step step : order) {
      IngestReport report = StoreRuns.observe(db, TINY, inputs(step));
      assertEquals(List.of(), report.failedInputs(), step.toString());
      records +=
          report.records() - report.skipped().getOrDefault(StoreRuns.INCOMPLETE_LAST_LINE, 0L);
    }
    List<ObservedConnection> clean = cleanRun();
    List<ObservedConnection> actual = StoreRuns.snapshot(db).connections();
    assertEquals(total(clean), total(actual), "total connections after " + order);
    assertEquals(clean, actual, "connections after " + order);
    assertTrue(records <= LINES, "no line is decoded twice: " + records + " records over " + order);
  }

  private List<ObservedConnection> cleanRun() {
    Path clean = dir.resolve("clean.db");
    StoreRuns.observe(clean, TINY, original);
    return StoreRuns.snapshot(clean).connections();
  }

  private static long total(List<ObservedConnection> connections) {
    return connections.stream().mapToLong(ObservedConnection::count).sum();
  }

  @Test
  void each_later_run_says_what_it_recognised() {
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, TINY, dir.resolve("early.jsonl"));

    IngestReport grown = StoreRuns.observe(db, TINY, original, original);
    IngestReport copies =
        StoreRuns.observe(
            db, TINY, dir.resolve("flows-copy.jsonl.gz"), original, dir.resolve("early.jsonl.gz"));

    assertEquals(
        List.of(
            new PriorRead(
                PriorRead.Kind.LISTED_TWICE, original.toString(), original.toString(), 0, "line"),
            new PriorRead(
                PriorRead.Kind.CONTINUED,
                original.toString(),
                dir.resolve("early.jsonl").toString(),
                69,
                "line")),
        grown.priorReads());
    assertEquals(
        List.of(
            new PriorRead(
                PriorRead.Kind.NOTHING_NEW,
                dir.resolve("flows-copy.jsonl.gz").toString(),
                original.toString(),
                LINES,
                "line"),
            new PriorRead(
                PriorRead.Kind.NOTHING_NEW,
                original.toString(),
                original.toString(),
                LINES,
                "line"),
            new PriorRead(
                PriorRead.Kind.EARLIER_COPY,
                dir.resolve("early.jsonl.gz").toString(),
                original.toString(),
                70,
                "line")),
        copies.priorReads());
    assertEquals(
        "read before up to 69 lines; continued at line 70",
        grown
            .priorReads()
            .get(1)
            .describe()
            .replace("same content as " + dir.resolve("early.jsonl") + ": ", ""));
  }

  @Test
  void the_reported_sequence_default_memory_then_a_gzip_copy_then_a_tiny_memory_adds_nothing()
      throws IOException {
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, IngestOptions.defaults(), original);
    List<ObservedConnection> once = StoreRuns.snapshot(db).connections();

    IngestReport copy =
        StoreRuns.observe(db, IngestOptions.defaults(), dir.resolve("flows-copy.jsonl.gz"));
    IngestReport again =
        StoreRuns.observe(db, IngestOptions.defaults().withMemoryCapacity(100), original);

    assertEquals(0, copy.records());
    assertEquals(0, again.records());
    assertEquals(once, StoreRuns.snapshot(db).connections());
  }

  @Test
  void a_file_that_only_shares_its_start_is_read_from_where_it_differs() throws IOException {
    List<String> other = new ArrayList<>(lines.subList(0, 100));
    other.addAll(Files.readAllLines(StoreRuns.HUBBLE_SAMPLE).subList(400, 460));
    Path fork = write(dir.resolve("other.jsonl"), other, false);
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, TINY, original);

    IngestReport second = StoreRuns.observe(db, TINY, fork);

    assertEquals(60, second.records(), "only the lines after the shared start are read");
    assertEquals(PriorRead.Kind.SHARED_START, second.priorReads().get(0).kind());
    assertEquals(100, second.priorReads().get(0).line());
  }

  /**
   * Earlier versions stored the fingerprint of nothing when a run resumed at the end of a file, so
   * the run after that read the whole file again. Such a checkpoint is trusted for the very file it
   * names, and its fingerprint is stored again, so copies are recognised from then on.
   */
  @Test
  void a_checkpoint_whose_fingerprint_an_earlier_version_lost_still_recognises_its_file()
      throws Exception {
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, TINY, original);
    List<ObservedConnection> once = StoreRuns.snapshot(db).connections();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("UPDATE ingest_checkpoint SET tail_hash = '" + emptyFingerprint() + "'");
      s.execute("DELETE FROM ingest_mark");
    }

    IngestReport same = StoreRuns.observe(db, TINY, original);
    IngestReport copy = StoreRuns.observe(db, TINY, dir.resolve("flows-copy.jsonl.gz"));

    assertEquals(0, same.records());
    assertEquals(0, copy.records());
    assertEquals(PriorRead.Kind.NOTHING_NEW, copy.priorReads().get(0).kind());
    assertEquals(once, StoreRuns.snapshot(db).connections());
  }

  /** SHA-256 of no bytes, as the store keeps fingerprints: the first 16 bytes in hex. */
  private static String emptyFingerprint() throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]);
    return java.util.HexFormat.of().formatHex(digest, 0, 16);
  }
}
