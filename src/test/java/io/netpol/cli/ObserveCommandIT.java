package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code observe} on good input: the summary on stderr, nothing on stdout, exit 0. */
class ObserveCommandIT {
  static final Path SAMPLE = Path.of("collectors", "samples", "voting-app-hubble.jsonl");

  @TempDir Path dir;

  @Test
  void observe_prints_a_summary_on_stderr_and_exits_0() {
    String db = dir.resolve("netpol.db").toString();

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, SAMPLE.toString()).exits(0);

    assertEquals("", r.out());
    String[] lines = r.err().split("\n");
    assertTrue(
        lines[0].matches(
            "observe: read 770 records \\(.+\\) from 1 input in [0-9.]+ s \\(.+ records/s\\) into "
                + java.util.regex.Pattern.quote(db)),
        r::toString);
    assertTrue(r.err().contains("connections stored: 150 (each counted once"), r::toString);
    assertTrue(Files.exists(Path.of(db)));
  }

  @Test
  void observing_again_reports_nothing_new() {
    String db = dir.resolve("netpol.db").toString();
    CommandHarness.run("observe", "--db", db, SAMPLE.toString()).exits(0);

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, SAMPLE.toString()).exits(0);

    assertTrue(r.err().contains("read 0 records"), r::toString);
    assertTrue(
        r.err().contains(SAMPLE + ": " + io.netpol.ingest.PriorRead.NOTHING_NEW_TEXT), r::toString);
    assertTrue(r.err().contains("connections stored: 0"), r::toString);
  }

  @Test
  void a_dash_reads_standard_input() throws Exception {
    String db = dir.resolve("netpol.db").toString();
    TestServices stdin = TestServices.withStdin(Files.readString(SAMPLE));

    CommandHarness.Result r = CommandHarness.run(stdin, "observe", "--db", db, "-").exits(0);

    assertTrue(r.err().contains("connections stored: 150"), r::toString);
    CommandHarness.Result flows = CommandHarness.run("flows", "--db", db).exits(0);
    assertEquals(19, flows.out().lines().count(), flows::toString);
  }

  @Test
  void a_folder_is_read_recursively_with_rotated_files_oldest_first() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs").resolve("node-a"));
    java.util.List<String> lines = Files.readAllLines(SAMPLE);
    Files.write(logs.resolve("hubble.jsonl.1"), lines.subList(0, 300));
    Files.write(logs.resolve("hubble.jsonl"), lines.subList(300, lines.size()));
    String db = dir.resolve("netpol.db").toString();

    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, dir.resolve("logs").toString()).exits(0);

    assertTrue(
        r.err().contains("read 770 records") && r.err().contains("from 2 inputs"), r::toString);
    assertTrue(r.err().contains("connections stored: 150"), r::toString);
  }

  @Test
  void explicit_format_reads_the_matching_file() {
    String db = dir.resolve("netpol.db").toString();

    CommandHarness.run("observe", "--db", db, "--format", "hubble", SAMPLE.toString()).exits(0);
    CommandHarness.Result r =
        CommandHarness.run(
                "observe",
                "--db",
                db,
                "--format",
                "calico",
                "collectors/samples/voting-app-calico.jsonl")
            .exits(0);

    assertTrue(r.err().contains("read 228 records"), r::toString);
  }
}
