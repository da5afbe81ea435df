package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: problems are reported with where and why, the run goes on (or stops with --strict),
 * and nothing already stored is lost.
 */
class ObserveBadInputIT {
  static final Path SAMPLE = Path.of("collectors", "samples", "voting-app-hubble.jsonl");
  static final String BROKEN = "{\"flow\":{\"time\":\"2026-11-20T10:00:00Z\",\"verdict\":";

  @TempDir Path dir;
  String db;
  List<String> sample;

  @BeforeEach
  void setUp() throws Exception {
    db = dir.resolve("netpol.db").toString();
    sample = Files.readAllLines(SAMPLE);
  }

  private Path write(String name, List<String> lines) throws Exception {
    return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
  }

  /** The sample's first {@code n} lines, then a broken line, then the rest. */
  private Path withBrokenLineAfter(int n) throws Exception {
    List<String> lines = new ArrayList<>(sample.subList(0, n));
    lines.add(BROKEN);
    lines.addAll(sample.subList(n, sample.size()));
    return write("flows.jsonl", lines);
  }

  private String flowsJson(String database) {
    return CommandHarness.run("flows", "--db", database, "-o", "json").exits(0).out();
  }

  private static void assertNoStackTrace(CommandHarness.Result r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
  }

  @Test
  void a_malformed_line_is_skipped_counted_and_reported_with_file_and_line() throws Exception {
    Path file = withBrokenLineAfter(100);

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, file.toString()).exits(0);

    assertTrue(r.err().contains(file + ":101: invalid JSON: Unexpected end-of-input"), r::toString);
    assertTrue(r.err().contains("skipped: 1 (malformed: 1)"), r::toString);
    assertTrue(r.err().contains("read 771 records"), r::toString);
    assertEquals(flowsJson(cleanRunOfSample()), flowsJson(db), "every good line stored");
    assertNoStackTrace(r);
  }

  private String cleanRunOfSample() {
    String clean = dir.resolve("clean.db").toString();
    CommandHarness.run("observe", "--db", clean, SAMPLE.toString()).exits(0);
    return clean;
  }

  @Test
  void
      strict_stops_at_the_first_malformed_line_keeping_the_lines_before_and_a_rerun_continues_after_it()
          throws Exception {
    Path file = withBrokenLineAfter(400);

    CommandHarness.Result strict =
        CommandHarness.run("observe", "--db", db, "--strict", file.toString()).exits(2);

    assertTrue(strict.err().contains(file + ":401: invalid JSON"), strict::toString);
    assertTrue(
        strict.err().contains("stopped by --strict; everything before it is stored"),
        strict::toString);
    assertNoStackTrace(strict);
    String partial = dir.resolve("partial.db").toString();
    CommandHarness.run(
            "observe", "--db", partial, write("first-400.jsonl", sample.subList(0, 400)).toString())
        .exits(0);
    assertEquals(
        flowsJson(partial).replace("first-400.jsonl", "flows.jsonl"),
        flowsJson(db),
        "the lines before it");

    CommandHarness.Result rerun =
        CommandHarness.run("observe", "--db", db, file.toString()).exits(0);

    assertTrue(rerun.err().contains(file + ":401: invalid JSON"), rerun::toString);
    assertTrue(
        rerun.err().contains("read 371 records"), "the broken line and the 370 after it: " + rerun);
    assertEquals(flowsJson(cleanRunOfSample()), flowsJson(db), "no connection counted twice");
  }

  @Test
  void a_missing_path_is_named_on_one_line_exit_2_and_the_other_inputs_are_stored() {
    String missing = dir.resolve("no-such.jsonl").toString();

    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, missing, SAMPLE.toString()).exits(2);

    List<String> mentions = r.err().lines().filter(l -> l.contains("no-such.jsonl")).toList();
    assertEquals(
        List.of("observe: " + missing + ": no such file or folder; check the path"),
        mentions,
        r::toString);
    assertTrue(r.err().contains("connections stored: 150"), r::toString);
    assertEquals(flowsJson(cleanRunOfSample()), flowsJson(db));
    assertNoStackTrace(r);
  }

  @Test
  void a_truncated_gzip_is_named_exit_2_and_the_lines_before_the_cut_are_stored() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(Files.readAllBytes(SAMPLE));
    }
    byte[] bytes = gz.toByteArray();
    Path cut = dir.resolve("hubble.jsonl.2.gz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, cut.toString()).exits(2);

    assertTrue(
        r.err().contains("observe: " + cut + ": truncated or corrupt gzip data"), r::toString);
    assertTrue(r.err().contains("everything before it is stored"), r::toString);
    String flows = CommandHarness.run("flows", "--db", db).exits(0).out();
    assertTrue(flows.lines().count() > 5, flows);
    assertNoStackTrace(r);

    // The complete file, shipped again: read on from the cut, nothing counted twice.
    Path whole = dir.resolve("hubble.jsonl.1.gz");
    Files.write(whole, bytes);
    CommandHarness.Result again =
        CommandHarness.run("observe", "--db", db, whole.toString()).exits(0);
    assertTrue(
        again.err().contains(whole + ": same content as " + cut + ": read before up to "),
        again::toString);
    assertTrue(again.err().contains("continued at line "), again::toString);
    assertEquals(flowsJson(cleanRunOfSample()), flowsJson(db));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"random bytes", "an ELF binary", "0xFF bytes", "a short note", "a PNG image"})
  void binary_garbage_is_not_a_recognised_flow_log_exit_2(String kind) throws Exception {
    byte[] bytes =
        switch (kind) {
          case "random bytes" -> {
            byte[] b = new byte[4096];
            new Random(7).nextBytes(b);
            b[0] = (byte) 0x93;
            yield b;
          }
          case "an ELF binary" -> elf();
          case "0xFF bytes" -> filled(512, (byte) 0xff);
          case "a short note" -> "hello\n".getBytes(StandardCharsets.UTF_8);
          default -> png();
        };
    Path garbage = Files.write(dir.resolve("garbage.bin"), bytes);

    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, garbage.toString(), SAMPLE.toString()).exits(2);

    assertTrue(r.err().contains("observe: " + garbage), r::toString);
    assertTrue(r.err().contains(io.netpol.ingest.Ingestor.NOT_A_FLOW_LOG), r::toString);
    assertFalse(r.err().contains("Protocol message"), "no protobuf library text: " + r);
    assertTrue(r.err().contains("connections stored: 150"), "the other input is still read: " + r);
    assertNoStackTrace(r);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"NOTES", "README.txt"})
  void a_non_log_file_found_in_a_folder_is_skipped_not_fatal(String name) throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.copy(SAMPLE, logs.resolve("hubble.jsonl"));
    Files.writeString(logs.resolve(name), "hello\n");

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, logs.toString()).exits(0);

    assertTrue(
        r.err().contains(logs.resolve(name) + ": " + io.netpol.ingest.Ingestor.NOT_A_FLOW_LOG),
        r::toString);
    assertTrue(
        r.err()
            .contains(
                "read 770 records (939.8 KiB) from 1 input (and 1 file skipped: not a flow log)"),
        "only the flow log's lines are records: " + r);
    assertFalse(r.err().contains("skipped: 1"), "a file is not a skipped record: " + r);
    assertTrue(r.err().contains("connections stored: 150"), r::toString);
  }

  /** A binary README (a PNG) in the folder: its bytes never reach the message. */
  @Test
  void a_binary_file_in_a_folder_is_not_a_flow_log_and_no_decoder_text_leaks() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.copy(SAMPLE, logs.resolve("hubble.jsonl"));
    Files.write(logs.resolve("diagram.png"), png());

    CommandHarness.Result r = CommandHarness.run("observe", "--db", db, logs.toString()).exits(0);

    assertTrue(r.err().contains("read 770 records"), r::toString);
    assertTrue(
        r.err()
            .contains(
                logs.resolve("diagram.png") + ": " + io.netpol.ingest.Ingestor.NOT_A_FLOW_LOG),
        r::toString);
    assertFalse(r.err().contains("Protocol message"), r::toString);
    assertFalse(r.err().contains("wire type"), r::toString);
  }

  /**
   * Fourteen bytes whose length prefix decodes to -1 (a ten-byte varint): a problem of that file,
   * exit 2 once the other inputs are read, never a crash.
   */
  @Test
  void a_negative_length_prefix_is_a_problem_of_its_file_and_the_others_are_read()
      throws Exception {
    byte[] bytes = new byte[14];
    Arrays.fill(bytes, 0, 9, (byte) 0xff);
    bytes[9] = 0x01;
    Path bad = Files.write(dir.resolve("minus-one.pb"), bytes);

    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, bad.toString(), SAMPLE.toString()).exits(2);
    CommandHarness.Result binary =
        CommandHarness.run("observe", "--db", db, "--format", "hubble-pb", bad.toString()).exits(2);

    assertTrue(
        r.err().contains("observe: " + bad + ": " + io.netpol.ingest.Ingestor.NOT_A_FLOW_LOG),
        r::toString);
    assertTrue(r.err().contains("connections stored: 150"), "the other input is read: " + r);
    assertNoStackTrace(r);
    assertTrue(binary.err().contains("observe: " + bad + ": "), binary::toString);
    assertNoStackTrace(binary);
  }

  private static byte[] filled(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  private static byte[] elf() {
    byte[] b = new byte[2048];
    new Random(11).nextBytes(b);
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, b, 0, 8);
    return b;
  }

  private static byte[] png() {
    byte[] b = new byte[1024];
    new Random(13).nextBytes(b);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
    return b;
  }

  @Test
  void a_line_over_the_max_record_size_is_skipped_and_reported() throws Exception {
    String huge =
        sample
            .get(1)
            .replace("\"Summary\":", "\"padding\":\"" + "x".repeat(3000) + "\",\"Summary\":");
    List<String> lines = new ArrayList<>(sample);
    lines.set(1, huge);
    Path file = write("big.jsonl", lines);

    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, "--max-record-size", "2000", file.toString())
            .exits(0);

    assertTrue(r.err().contains(file + ":2: line longer than 2000 bytes; skipped"), r::toString);
    assertTrue(
        r.err().contains("connections stored: 150"),
        "the same packet was also seen elsewhere: " + r);
  }

  @Test
  void an_unknown_format_is_a_usage_error() {
    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, "--format", "zeek", SAMPLE.toString()).exits(2);

    assertTrue(
        r.err().contains("unknown format 'zeek'; use auto, hubble, hubble-pb, calico or goldmane"),
        r::toString);
    assertTrue(r.err().contains("Run 'netpol-recommend observe --help' for usage."), r::toString);
    assertFalse(Files.exists(Path.of(db)), "nothing opened");
  }

  @Test
  void a_json_file_read_with_format_hubble_pb_is_named_exit_2() {
    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db, "--format", "hubble-pb", SAMPLE.toString())
            .exits(2);

    assertTrue(
        r.err().contains(SAMPLE + ": JSON lines, but --format hubble-pb reads binary protobuf"),
        r::toString);
  }

  @Test
  void a_store_that_is_not_sqlite_gives_one_line_and_no_stack_trace_unless_verbose()
      throws Exception {
    Path notDb =
        Files.writeString(dir.resolve("notes.txt"), "just some text, not a database\n".repeat(100));

    CommandHarness.Result quiet =
        CommandHarness.run("observe", "--db", notDb.toString(), SAMPLE.toString()).exits(3);
    CommandHarness.Result verbose =
        CommandHarness.run("observe", "-v", "--db", notDb.toString(), SAMPLE.toString()).exits(3);

    assertEquals(
        List.of(
            "netpol-recommend: cannot open database "
                + notDb
                + ": the file is not a SQLite database; pass another --db"),
        quiet.err().lines().toList());
    assertTrue(verbose.err().contains("\tat io.netpol.store.Store"), verbose::toString);
  }

  @Test
  void flows_on_a_database_from_a_newer_version_fails_clearly() throws Exception {
    CommandHarness.run("observe", "--db", db, SAMPLE.toString()).exits(0);
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var s = c.createStatement()) {
      s.execute("PRAGMA user_version = 42");
    }

    CommandHarness.Result r = CommandHarness.run("flows", "--db", db).exits(3);

    assertTrue(
        r.err().startsWith("netpol-recommend: " + db + " has schema version 42"), r::toString);
    assertNoStackTrace(r);
  }
}
