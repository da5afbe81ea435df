package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka client's logs from the packaged jar (bin/netpol-recommend, failsafe runs {@code *JarIT}
 * after package): SLF4J finds the binding the jar ships, the client's chatter shows with -v only,
 * and it goes to stderr, never to stdout.
 */
class KafkaLogsJarIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @BeforeAll
  static void createTopic() throws Exception {
    FlowMessages.hubbleTopic(broker, "jar", 20);
  }

  /** Runs observe from the topic through the launcher; its stdout and stderr lines. */
  private List<List<String>> observe(String group, String... extra) throws Exception {
    Path out = dir.resolve(group + ".out");
    Path err = dir.resolve(group + ".err");
    ProcessBuilder pb =
        broker
            .launcherObserve("jar", group, dir.resolve(group + ".db"), List.of(extra))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "observe ended");
    List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join("\n", errLines));
    return List.of(Files.readAllLines(out, StandardCharsets.UTF_8), errLines);
  }

  @Test
  void with_v_the_clients_info_lines_go_to_stderr_and_slf4j_finds_its_binding() throws Exception {
    List<List<String>> run = observe("verbose", "-v");
    List<String> err = run.get(1);

    assertEquals(List.of(), run.get(0), "nothing on stdout");
    assertTrue(err.stream().anyMatch(l -> l.startsWith("INFO ")), String.join("\n", err));
    assertTrue(
        err.stream().anyMatch(l -> l.contains("ConsumerConfig values:")), String.join("\n", err));
    assertTrue(err.stream().noneMatch(l -> l.startsWith("SLF4J")), String.join("\n", err));
    assertTrue(err.stream().anyMatch(l -> l.startsWith("observe: read 20 records")));
  }

  @Test
  void without_v_only_the_summary_is_shown() throws Exception {
    List<List<String>> run = observe("quiet");
    List<String> err = run.get(1);

    assertEquals(List.of(), run.get(0), "nothing on stdout");
    assertTrue(err.get(0).startsWith("observe: read 20 records"), String.join("\n", err));
    assertTrue(err.stream().noneMatch(l -> l.startsWith("INFO ")), String.join("\n", err));
    assertTrue(err.stream().noneMatch(l -> l.startsWith("SLF4J")), String.join("\n", err));
  }
}
