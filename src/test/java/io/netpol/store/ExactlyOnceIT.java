package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rerun, append and crash on a real SQLite file: the store always ends with the counts of one clean
 * run over the same input.
 */
class ExactlyOnceIT {

  @TempDir Path dir;
  List<String> hubble;

  @BeforeEach
  void readSample() throws IOException {
    hubble = Files.readAllLines(StoreRuns.HUBBLE_SAMPLE);
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  private StoreRuns.Snapshot cleanRun(Path... inputs) {
    Path db = dir.resolve("clean-" + System.nanoTime() + ".db");
    IngestReport report = StoreRuns.observe(db, IngestOptions.defaults(), inputs);
    assertEquals(List.of(), report.failedInputs());
    return StoreRuns.snapshot(db);
  }

  @Test
  void observing_the_same_files_twice_adds_nothing() {
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(
        db, IngestOptions.defaults(), StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE);
    StoreRuns.Snapshot first = StoreRuns.snapshot(db);

    IngestReport again =
        StoreRuns.observe(
            db, IngestOptions.defaults(), StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE);

    StoreRuns.assertSame(first, StoreRuns.snapshot(db));
    assertEquals(0, again.connections());
    assertEquals(0, again.records());
    assertEquals(2, again.priorReads(io.netpol.ingest.PriorRead.Kind.NOTHING_NEW));
  }

  @Test
  void appended_lines_are_the_only_ones_read_on_the_next_run() throws IOException {
    Path live = write("hubble.jsonl", hubble.subList(0, 400));
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, IngestOptions.defaults(), live);

    Files.write(live, hubble.subList(400, hubble.size()), StandardOpenOption.APPEND);
    IngestReport second = StoreRuns.observe(db, IngestOptions.defaults(), live);

    assertEquals(hubble.size() - 400, second.records());
    StoreRuns.assertSame(cleanRun(StoreRuns.HUBBLE_SAMPLE).asIfFrom(live), StoreRuns.snapshot(db));
  }

  @Test
  void a_half_written_last_line_is_read_whole_once_the_writer_finishes_it() throws IOException {
    Path live = dir.resolve("hubble.jsonl");
    String cut = hubble.get(400).substring(0, 300);
    Files.writeString(live, String.join("\n", hubble.subList(0, 400)) + "\n" + cut);
    Path db = dir.resolve("netpol.db");
    IngestReport first = StoreRuns.observe(db, IngestOptions.defaults(), live);
    assertEquals(0, first.malformed(), "an incomplete last line is not malformed");

    Files.writeString(
        live,
        hubble.get(400).substring(300)
            + "\n"
            + String.join("\n", hubble.subList(401, hubble.size()))
            + "\n",
        StandardOpenOption.APPEND);
    IngestReport second = StoreRuns.observe(db, IngestOptions.defaults(), live);

    assertEquals(0, second.malformed(), second.problems().toString());
    StoreRuns.assertSame(cleanRun(StoreRuns.HUBBLE_SAMPLE).asIfFrom(live), StoreRuns.snapshot(db));
  }

  @Test
  void a_file_that_merely_starts_like_one_already_read_is_a_new_input() throws IOException {
    Path a = write("a.jsonl", hubble.subList(0, 100));
    List<String> bLines = new java.util.ArrayList<>(List.of(hubble.get(0)));
    bLines.addAll(hubble.subList(500, 600));
    Path b = write("b.jsonl", bLines);
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, IngestOptions.defaults(), a);

    IngestReport second = StoreRuns.observe(db, IngestOptions.defaults(), b);

    assertEquals(101, second.records(), "every line of b is read");
    assertEquals(List.of(), second.priorReads());
    List<String> together = new java.util.ArrayList<>(hubble.subList(0, 100));
    together.addAll(hubble.subList(500, 600));
    assertEquals(
        cleanRun(write("together.jsonl", together)).connections(),
        StoreRuns.snapshot(db).connections());
  }

  @Test
  void a_rotated_and_compressed_copy_of_a_file_already_read_adds_nothing() throws IOException {
    Path db = dir.resolve("netpol.db");
    StoreRuns.observe(db, IngestOptions.defaults(), StoreRuns.HUBBLE_SAMPLE);
    StoreRuns.Snapshot before = StoreRuns.snapshot(db);
    Path rotated = dir.resolve("hubble.jsonl.1.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(rotated))) {
      Files.copy(StoreRuns.HUBBLE_SAMPLE, out);
    }

    IngestReport again = StoreRuns.observe(db, IngestOptions.defaults(), rotated);

    assertEquals(0, again.records());
    StoreRuns.assertSame(before, StoreRuns.snapshot(db));
  }

  /**
   * A crash inside the N-th transaction (rolled back), then a rerun: the counts of one clean run.
   */
  @ParameterizedTest(name = "crash in commit {0}")
  @ValueSource(ints = {1, 2, 7, 20, 31, 33, 40})
  void a_crash_in_the_middle_of_a_transaction_then_a_rerun_gives_the_counts_of_one_clean_run(
      int crashAt) {
    IngestOptions small = IngestOptions.defaults().withBatchRecords(25);
    Path db = dir.resolve("netpol.db");
    AtomicInteger commits = new AtomicInteger();
    Runnable crash =
        () -> {
          if (commits.incrementAndGet() == crashAt) {
            throw new IllegalStateException("simulated crash in commit " + crashAt);
          }
        };

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                StoreRuns.observe(
                    db, small, crash, StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE));
    assertTrue(e.getMessage().startsWith("simulated crash"), e.toString());
    StoreRuns.observe(db, small, StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE);

    StoreRuns.assertSame(
        cleanRun(StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE), StoreRuns.snapshot(db));
  }

  @Test
  void crashes_at_random_commits_still_converge_on_one_clean_run() {
    IngestOptions small = IngestOptions.defaults().withBatchRecords(40);
    Path db = dir.resolve("netpol.db");
    java.util.Random random = new java.util.Random(42);
    int crashes = 0;
    boolean finished = false;
    while (!finished && crashes < 200) {
      try {
        StoreRuns.observe(
            db,
            small,
            () -> {
              if (random.nextInt(4) == 0) {
                throw new IllegalStateException("simulated crash");
              }
            },
            StoreRuns.HUBBLE_SAMPLE,
            StoreRuns.CALICO_SAMPLE);
        finished = true;
      } catch (IllegalStateException expected) {
        crashes++;
      }
    }

    assertTrue(finished, "never finished");
    assertTrue(crashes >= 5, "the schedule should crash several times, crashed " + crashes);
    StoreRuns.assertSame(
        cleanRun(StoreRuns.HUBBLE_SAMPLE, StoreRuns.CALICO_SAMPLE), StoreRuns.snapshot(db));
  }
}
