package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.ObservedConnection;
import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real observe process at arbitrary moments, then a rerun: the store must hold
 * exactly what one uninterrupted run stores.
 */
class KillAndRerunIT {

  private static final long LINES = 150_000;

  @TempDir Path dir;

  @Test
  void kill_minus_nine_at_any_moment_then_rerun_gives_the_counts_of_one_clean_run()
      throws Exception {
    Path flows = simulate("flows.jsonl", LINES);
    Path clean = dir.resolve("clean.db");
    List<ObservedConnection> expected = observeInProcess(clean, flows);
    assertTrue(expected.size() > 10, "the scenario stores many edges");

    long size = Files.size(flows);
    for (double fraction : new double[] {0.2, 0.5, 0.8}) {
      Path crashed = dir.resolve("crashed-" + fraction + ".db");
      long readWhenKilled = startAndKillAfter(crashed, flows, (long) (size * fraction));
      assertTrue(
          readWhenKilled > 0 && readWhenKilled < size, "killed mid-run, at byte " + readWhenKilled);
      List<ObservedConnection> actual = observeInProcess(crashed, flows);
      assertEquals(
          render(expected),
          render(actual),
          "after kill -9 at byte " + readWhenKilled + " of " + size);
    }
  }

  /**
   * A gzip copy killed half read, then the original (twice, with a memory of 100 connections): what
   * the copy stored is not stored again, and the original continues where the copy stopped.
   */
  @Test
  void kill_minus_nine_while_reading_a_gzip_copy_then_the_original_with_a_tiny_memory_counts_once()
      throws Exception {
    Path flows = simulate("flows.jsonl", 60_000);
    Path copy = gzipCopy(flows, "rotated/flows.jsonl.1.gz");
    List<ObservedConnection> expected = observeInProcess(dir.resolve("clean.db"), TINY, flows);

    Path db = dir.resolve("netpol.db");
    long readWhenKilled =
        startAndKillAfter(db, copy, Files.size(flows) / 2, "--memory", String.valueOf(MEMORY));
    assertTrue(readWhenKilled > 0 && readWhenKilled < Files.size(flows), "killed mid-run");
    List<ObservedConnection> actual = observeInProcess(db, TINY, flows, flows, copy);

    assertEquals(render(expected), render(actual), "killed at byte " + readWhenKilled);
  }

  /** The sequence the bug report ran, each step a real observe process. */
  @Test
  void observe_then_a_gzip_copy_then_a_tiny_memory_on_the_same_path_twice_counts_once()
      throws Exception {
    Path flows = simulate("big.jsonl", 20_000);
    Path copy = gzipCopy(flows, "big-copy.jsonl.gz");
    Path db = dir.resolve("netpol.db");

    assertEquals(0, child("observe", "--db", db.toString(), flows.toString()).waitFor());
    long once = storedTotal(db);
    assertEquals(0, child("observe", "--db", db.toString(), copy.toString()).waitFor());
    assertEquals(
        0,
        child(
                "observe",
                "--db",
                db.toString(),
                "--memory",
                "100",
                flows.toString(),
                flows.toString())
            .waitFor());

    assertTrue(once > 1000, "the file holds many connections: " + once);
    assertEquals(once, storedTotal(db));
  }

  private Path simulate(String name, long lines) throws java.io.IOException {
    Path flows = dir.resolve(name);
    try (Writer w = Files.newBufferedWriter(flows, StandardCharsets.UTF_8)) {
      Simulator.write(Simulator.Format.HUBBLE, w, Instant.parse("2026-11-20T10:00:00Z"), lines);
    }
    return flows;
  }

  private Path gzipCopy(Path from, String name) throws java.io.IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy.getParent());
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(copy))) {
      Files.copy(from, out);
    }
    return copy;
  }

  private static final int MEMORY = 100;
  private static final IngestOptions TINY =
      IngestOptions.defaults().withBatchRecords(2_000).withMemoryCapacity(MEMORY);

  private static long storedTotal(Path db) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("SELECT sum(count) FROM edge")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ObservedConnection> observeInProcess(Path db, Path flows) {
    return observeInProcess(db, IngestOptions.defaults().withBatchRecords(2_000), flows);
  }

  private static List<ObservedConnection> observeInProcess(
      Path db, IngestOptions options, Path... inputs) {
    try (Store store = Store.open(db)) {
      IngestReport report =
          new Ingestor(store, options, ProgressListener.NONE)
              .run(java.util.Arrays.stream(inputs).map(Path::toString).toList(), System.in);
      assertEquals(0, report.malformed());
      return store.edges().connections(List.of());
    }
  }

  /** Starts netpol-recommend in a child JVM, its output discarded. */
  private static Process child(String... args) throws java.io.IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), "io.netpol.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /**
   * Runs observe in a child JVM with small batches and kills it hard once it has committed past
   * {@code bytes}; returns the committed read position at that moment.
   */
  private static long startAndKillAfter(Path db, Path flows, long bytes, String... options)
      throws Exception {
    List<String> args =
        new ArrayList<>(List.of("observe", "--batch-size", "500", "--db", db.toString()));
    args.addAll(List.of(options));
    args.add(flows.toString());
    Process process = child(args.toArray(String[]::new));
    long position = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (process.isAlive() && position < bytes && System.nanoTime() < deadline) {
      Thread.sleep(5);
      position = committedPosition(db);
    }
    process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    process.waitFor();
    return position;
  }

  private static long committedPosition(Path db) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT coalesce(max(position), 0) FROM ingest_checkpoint")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException notYetCreated) {
      return 0;
    }
  }

  private static List<String> render(List<ObservedConnection> connections) {
    List<String> out = new ArrayList<>();
    for (ObservedConnection c : connections) {
      out.add(
          c.edgeKey()
              + " count="
              + c.count()
              + " first="
              + c.firstSeenMs()
              + " last="
              + c.lastSeenMs());
    }
    return out;
  }
}
