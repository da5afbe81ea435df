package io.netpol.ingest;

import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the real ingest pipeline (decoder, tracker, SQLite store) on files in a temporary folder and
 * reads back what was stored, the way {@code observe} and {@code flows} do.
 */
final class ObserveRun {
  final IngestReport report;
  final List<ObservedConnection> connections;

  private ObserveRun(IngestReport report, List<ObservedConnection> connections) {
    this.report = report;
    this.connections = connections;
  }

  static Path write(Path dir, String name, String... lines) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Observes {@code lines} (written to a file) into a fresh database in {@code dir}. */
  static ObserveRun lines(Path dir, String... lines) {
    Path file = write(dir, "flows-" + System.nanoTime() + ".jsonl", lines);
    return paths(
        dir.resolve("netpol-" + System.nanoTime() + ".db"), IngestOptions.defaults(), file);
  }

  static ObserveRun paths(Path db, IngestOptions options, Path... paths) {
    List<String> args = java.util.Arrays.stream(paths).map(Path::toString).toList();
    return run(db, options, args, InputStream.nullInputStream());
  }

  static ObserveRun stdin(Path db, String text) {
    return run(
        db,
        IngestOptions.defaults(),
        List.of("-"),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  static ObserveRun run(Path db, IngestOptions options, List<String> args, InputStream stdin) {
    try (Store store = Store.open(db)) {
      IngestReport report = new Ingestor(store, options, ProgressListener.NONE).run(args, stdin);
      return new ObserveRun(report, store.edges().connections(List.of()));
    }
  }

  /** The single stored connection; fails listing all of them when there are several. */
  ObservedConnection only() {
    if (connections.size() != 1) {
      throw new AssertionError("expected exactly one connection, got:\n" + describe());
    }
    return connections.get(0);
  }

  List<ObservedConnection> withVerdict(Verdict v) {
    return connections.stream().filter(c -> c.verdict() == v).toList();
  }

  boolean anyServerOfKind(EndpointKind kind) {
    return connections.stream().anyMatch(c -> c.server().kind() == kind);
  }

  long totalCount() {
    return connections.stream().mapToLong(ObservedConnection::count).sum();
  }

  /** One line per connection, for assertion messages. */
  String describe() {
    return connections.stream()
            .map(
                c ->
                    c.client()
                        + " -> "
                        + c.server()
                        + " "
                        + c.port()
                        + "/"
                        + c.protocol()
                        + " "
                        + c.verdict().wireName()
                        + " x"
                        + c.count())
            .collect(Collectors.joining("\n"))
        + "\nskipped: "
        + report.skipped()
        + "\nproblems: "
        + report.problems()
        + "\nfailed: "
        + report.failedInputs();
  }
}
