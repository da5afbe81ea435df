package io.netpol.store;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.ObservedConnection;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Ingestor;
import io.netpol.ingest.ProgressListener;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs observe's ingest on a real SQLite file and snapshots what the store holds. */
final class StoreRuns {
  static final Path HUBBLE_SAMPLE = Path.of("collectors", "samples", "voting-app-hubble.jsonl");
  static final Path CALICO_SAMPLE = Path.of("collectors", "samples", "voting-app-calico.jsonl");

  /** How a run counts a last line still being written (it is read whole on the next run). */
  static final String INCOMPLETE_LAST_LINE = Ingestor.INCOMPLETE_LAST_LINE;

  private StoreRuns() {}

  /** Everything a run leaves behind that a later command reads. */
  record Snapshot(List<ObservedConnection> connections, Map<EdgeKey, Map<String, Long>> sources) {
    /** The same evidence, as if every record had come from {@code file}. */
    Snapshot asIfFrom(Path file) {
      Map<EdgeKey, Map<String, Long>> renamed = new java.util.HashMap<>();
      sources.forEach(
          (edge, bySource) ->
              renamed.put(
                  edge,
                  new java.util.TreeMap<>(
                      Map.of(
                          new io.netpol.ingest.Input(file.toString(), file, false).evidence(),
                          bySource.values().stream().mapToLong(Long::longValue).sum()))));
      return new Snapshot(connections, renamed);
    }
  }

  /** Equal snapshots, or a failure listing only the connections and sources that differ. */
  static void assertSame(Snapshot expected, Snapshot actual) {
    if (expected.equals(actual)) {
      return;
    }
    StringBuilder diff = new StringBuilder("the store differs from one clean run:\n");
    for (ObservedConnection c : expected.connections()) {
      if (!actual.connections().contains(c)) {
        diff.append("  expected ").append(c).append('\n');
      }
    }
    for (ObservedConnection c : actual.connections()) {
      if (!expected.connections().contains(c)) {
        diff.append("  actual   ").append(c).append('\n');
      }
    }
    expected
        .sources()
        .forEach(
            (k, v) -> {
              if (!v.equals(actual.sources().get(k))) {
                diff.append("  sources of ")
                    .append(k)
                    .append(": expected ")
                    .append(v)
                    .append(", actual ")
                    .append(actual.sources().get(k))
                    .append('\n');
              }
            });
    throw new AssertionError(diff.toString());
  }

  static IngestReport observe(Path db, IngestOptions options, Path... inputs) {
    return observe(db, options, () -> {}, inputs);
  }

  /** Observes with {@code beforeCommit} run inside every transaction just before it commits. */
  static IngestReport observe(
      Path db, IngestOptions options, Runnable beforeCommit, Path... inputs) {
    try (Store store = Store.open(db)) {
      Ingestor ingestor = new Ingestor(store, options, ProgressListener.NONE);
      writerOf(ingestor).beforeCommit = beforeCommit;
      return ingestor.run(
          Arrays.stream(inputs).map(Path::toString).toList(), InputStream.nullInputStream());
    }
  }

  static Snapshot snapshot(Path db) {
    try (Store store = Store.open(db)) {
      return new Snapshot(store.edges().connections(List.of()), store.edges().sources());
    }
  }

  /**
   * The Ingestor's own writer: the hook must sit on the writer that commits. The Ingestor keeps it
   * private, and this is the only place the tests reach inside it.
   */
  private static IngestWriter writerOf(Ingestor ingestor) {
    try {
      Field f = Ingestor.class.getDeclaredField("writer");
      f.setAccessible(true);
      return (IngestWriter) f.get(ingestor);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Ingestor no longer has a 'writer' field; update the crash tests", e);
    }
  }
}
