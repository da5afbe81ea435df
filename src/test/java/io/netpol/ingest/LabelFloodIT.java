package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.LabelLimits;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow logs are untrusted: a few hundred lines of 30,000 labels each (every line under the 1 MiB
 * record limit) ran observe out of memory. With the label limits they are read under the heap the
 * launcher gives observe, and the summary says what was cut.
 */
class LabelFloodIT {

  private static final int LINES = 200;
  private static final int LABELS = 30_000;

  /** The heap bin/netpol-recommend runs observe with unless NETPOL_JAVA_OPTS says otherwise. */
  private static final String LAUNCHER_HEAP = "-Xmx512m";

  @TempDir Path dir;

  /**
   * Line {@code i}: a pod of its own (new name, new identity) with 30,000 labels of its own (and
   * one of 2,000 characters) to redis. Without the limits, 200 of them exhaust a 512 MiB heap.
   */
  private static String line(int i) {
    StringBuilder labels = new StringBuilder();
    for (int l = 0; l < LABELS; l++) {
      labels.append(l == 0 ? "" : ",").append("\"k8s:f").append(i).append('-').append(l);
      labels.append("=v\"");
    }
    labels.append(",\"k8s:huge=").append("x".repeat(2000)).append('"');
    return ("{\"flow\":{\"time\":\"2026-11-20T10:00:%02d.%06dZ\",\"verdict\":\"FORWARDED\","
            + "\"IP\":{\"source\":\"10.244.%d.%d\",\"destination\":\"10.244.1.51\"},"
            + "\"l4\":{\"TCP\":{\"source_port\":%d,\"destination_port\":6379}},"
            + "\"source\":{\"identity\":%d,\"namespace\":\"flood\",\"labels\":[%s],"
            + "\"pod_name\":\"flood-%d\"},"
            + "\"destination\":{\"identity\":20011,\"namespace\":\"voting-data\","
            + "\"labels\":[\"k8s:app.kubernetes.io/name=redis\"],\"pod_name\":\"redis-0\"},"
            + "\"is_reply\":false},\"node_name\":\"kind-worker\"}")
        .formatted(i / 1000, i % 1000, 2 + i / 250, 1 + i % 250, 40000 + i, 100000 + i, labels, i);
  }

  @Test
  void hundreds_of_lines_of_thirty_thousand_labels_are_read_under_the_default_heap()
      throws Exception {
    Path flows = dir.resolve("flood.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(flows, StandardCharsets.UTF_8)) {
      for (int i = 0; i < LINES; i++) {
        String line = line(i);
        assertTrue(line.length() < 1 << 20, "every line is under the record limit");
        w.write(line);
        w.write('\n');
      }
    }
    Path db = dir.resolve("netpol.db");

    Result observe = run(LAUNCHER_HEAP, "observe", "--db", db.toString(), flows.toString());
    Result stored = run(LAUNCHER_HEAP, "flows", "--db", db.toString(), "-n", "flood");

    assertEquals(0, observe.exit(), observe.output());
    assertTrue(observe.output().contains("read 200 records"), observe.output());
    assertTrue(
        observe
            .output()
            .contains(
                "labels cut on 200 endpoints: "
                    + String.format("%,d", LINES * (LABELS - LabelLimits.DEFAULT_PER_ENDPOINT))
                    + " beyond the first 256 of an endpoint, 200 longer than 512 characters"),
        observe.output());
    assertEquals(0, stored.exit(), stored.output());
    assertTrue(stored.output().contains(", 200 connections with a side in flood"), stored.output());
  }

  /** With limits of 3 labels of at most 50 characters: the first 3 short ones are kept. */
  @Test
  void the_first_labels_within_the_limits_are_kept_and_the_cut_counted() {
    IngestOptions small =
        IngestOptions.defaults()
            .withLabelPolicy(
                io.netpol.flow.LabelPolicy.defaults().withLimits(new LabelLimits(3, 50)));
    String hubble =
        HubbleLines.flow(
                HubbleLines.pod(
                    "voting-api",
                    "api-5b8c7d9f6c-m4n8r",
                    "app=api",
                    "tier=" + "x".repeat(60),
                    "team=votes",
                    "zone=a"),
                "10.244.1.31",
                40000,
                HubbleLines.pod("voting-data", "redis-0", "app=redis"),
                "10.244.1.51",
                6379)
            .exporter();
    String calico =
        CalicoLines.record(
            """
            {"source_labels":{"labels":["app=frontend","a=1","b=2","c=3","d=4"]}}
            """);

    ObserveRun h =
        ObserveRun.paths(dir.resolve("h.db"), small, ObserveRun.write(dir, "h.jsonl", hubble));
    ObserveRun c =
        ObserveRun.paths(dir.resolve("c.db"), small, ObserveRun.write(dir, "c.jsonl", calico));

    // k8s:app=api, k8s:team=votes, k8s:zone=a; the cluster and namespace labels are cut.
    assertEquals(
        java.util.Map.of("app", "api", "team", "votes", "zone", "a"), h.only().client().labels());
    assertEquals(1, h.report.labelsTooLong());
    assertEquals(2, h.report.labelsBeyondLimit(), h.describe());
    assertEquals(
        java.util.Map.of("a", "1", "app", "frontend", "b", "2"), c.only().client().labels());
    assertEquals(2, c.report.labelsBeyondLimit(), c.describe());
  }

  record Result(int exit, String output) {}

  private Result run(String heap, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java, heap, "-cp", System.getProperty("java.class.path"), "io.netpol.cli.Main"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "child", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("still running after 5 minutes: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
