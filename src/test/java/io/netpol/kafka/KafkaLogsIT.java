package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.Main;
import io.netpol.cli.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka client's own logs: warnings only, unless -v asks for its INFO chatter too. */
class KafkaLogsIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @BeforeAll
  static void createTopic() throws Exception {
    FlowMessages.hubbleTopic(broker, "quiet", 50);
  }

  @Test
  void observe_from_kafka_prints_its_summary_and_no_client_info_lines() {
    String err = stderrOf("quiet-group");
    System.out.println("stderr of observe from Kafka:\n" + err);
    assertTrue(err.contains("observe: read 50 records"), err);
    List<String> info = err.lines().filter(l -> l.startsWith("INFO ")).toList();
    assertEquals(List.of(), info, err);
    assertFalse(err.contains("ConsumerConfig values"), err);
    assertTrue(err.lines().count() < 10, err.lines().count() + " lines:\n" + err);
  }

  @Test
  void with_v_the_client_info_lines_are_shown_too() {
    String err = stderrOf("verbose-group", "-v");
    assertTrue(err.contains("observe: read 50 records"), err);
    assertTrue(err.contains("ConsumerConfig values:"), err);
    assertTrue(err.lines().anyMatch(l -> l.startsWith("INFO ")), err);
  }

  /** stderr of one in-process run, as a terminal would show it. */
  private String stderrOf(String group, String... extra) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      String[] base = {
        "observe",
        "--kafka-bootstrap",
        broker.bootstrap(),
        "--topic",
        "quiet",
        "--group",
        group,
        "--exit-when-idle",
        "2s",
        "--db",
        dir.resolve(group + ".db").toString()
      };
      String[] argv =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
              .toArray(String[]::new);
      assertEquals(0, Main.run(new Services(), argv));
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
