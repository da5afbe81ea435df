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
    Path flows = dir.resolve("flows.jsonl");
    try (Writer w = Files.newBufferedWriter(flows, StandardCharsets.UTF_8)) {
      Simulator.write(Simulator.Format.HUBBLE, w, Instant.parse("2026-11-20T10:00:00Z"), LINES);
    }
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

  private static List<ObservedConnection> observeInProcess(Path db, Path flows) {
    try (Store store = Store.open(db)) {
      IngestReport report =
          new Ingestor(
                  store, IngestOptions.defaults().withBatchRecords(2_000), ProgressListener.NONE)
              .run(List.of(flows.toString()), System.in);
      assertEquals(0, report.malformed());
      return store.edges().connections(List.of());
    }
  }

  /**
   * Runs observe in a child JVM with small batches and kills it hard once it has committed past
   * {@code bytes}; returns the committed read position at that moment.
   */
  private static long startAndKillAfter(Path db, Path flows, long bytes) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.netpol.cli.Main",
                "observe",
                "--batch-size",
                "500",
                "--db",
                db.toString(),
                flows.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
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
