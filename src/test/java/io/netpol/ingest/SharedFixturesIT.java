package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netpol.flow.ObservedConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every line of the team's reference exports ({@code ../shared/fixtures}, real flow logs from
 * public repositories) reads without a malformed record or a failed input. Skipped when the folder
 * is not next to the project.
 */
class SharedFixturesIT {

  static final Path FIXTURES = SharedFixtures.DIR;

  /** Reasons a valid record may carry no connection we store. */
  static final Set<String> ALLOWED_SKIPS =
      Set.of("cilium-health probe", "no layer-4 protocol", "no ports");

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> every_line_of_every_reference_export_is_read() throws IOException {
    assumeTrue(Files.isDirectory(FIXTURES), "no " + FIXTURES.toAbsolutePath());
    List<Path> logs = SharedFixtures.files();
    assertTrue(logs.size() >= 6, "expected the hubble-otel and samples exports, found " + logs);
    return logs.stream()
        .map(
            log ->
                DynamicTest.dynamicTest(
                    FIXTURES.relativize(log).toString(),
                    () -> {
                      long lines;
                      try (Stream<String> s = Files.lines(log)) {
                        lines = s.filter(l -> !l.isBlank()).count();
                      }

                      ObserveRun run =
                          ObserveRun.paths(
                              dir.resolve(log.getFileName() + ".db"),
                              IngestOptions.defaults(),
                              log);

                      assertEquals(lines, run.report.records(), "every line is a record");
                      assertEquals(0, run.report.malformed(), run::describe);
                      assertEquals(List.of(), run.report.failedInputs());
                      assertTrue(
                          ALLOWED_SKIPS.containsAll(run.report.skipped().keySet()), run::describe);
                      assertTrue(run.totalCount() > 0, "connections stored");
                      assertTrue(
                          run.connections.stream()
                              .map(ObservedConnection::count)
                              .allMatch(n -> n > 0));
                    }));
  }

  @Test
  void the_fixture_folder_reads_with_only_its_notes_file_skipped_as_not_a_flow_log() {
    assumeTrue(Files.isDirectory(FIXTURES), "no " + FIXTURES.toAbsolutePath());

    ObserveRun run = ObserveRun.paths(dir.resolve("all.db"), IngestOptions.defaults(), FIXTURES);

    assertEquals(List.of(), run.report.failedInputs(), run::describe);
    assertEquals(0, run.report.malformed(), run::describe);
    assertEquals(1L, run.report.notFlowLogs(), run::describe);
    assertEquals(null, run.report.skipped().get("not a flow log"), "a file is not a record");
    assertTrue(
        run.report.problems().stream().allMatch(p -> p.location().endsWith("SOURCES.md")),
        run::describe);
    assertTrue(run.connections.size() > 20, run::describe);
  }

  @Test
  void the_reference_calico_samples_give_a_deny_and_a_goldmane_allow() {
    Path calico = FIXTURES.resolve("samples").resolve("calico-samples.jsonl");
    assumeTrue(Files.isRegularFile(calico));

    ObserveRun run = ObserveRun.paths(dir.resolve("calico.db"), IngestOptions.defaults(), calico);

    assertEquals(Map.of(), run.report.skipped(), run::describe);
    assertEquals(2, run.connections.size(), run::describe);
  }
}
