package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.CommandHarness;
import io.netpol.cli.Services;
import io.netpol.simulate.Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that cannot be read never stop a partition for good, against a real broker: an oversized
 * message and a compression bomb are skipped with their topic/partition/offset, their offsets are
 * stored with the batch, and every other record is stored exactly once.
 */
class KafkaPoisonIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @Test
  void a_message_over_max_record_size_is_skipped_with_its_offset_and_the_partition_goes_on()
      throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 300);
    // Valid JSON, 2.9 MiB: a Hubble line with a long field, as a broken shipper might send.
    String huge =
        hubble.get(0).substring(0, hubble.get(0).length() - 1)
            + ",\"padding\":\""
            + "x".repeat(3_000_000)
            + "\"}";
    List<KafkaBroker.Message> messages = new ArrayList<>();
    hubble.subList(0, 150).forEach(l -> messages.add(text(l)));
    messages.add(text(huge));
    hubble.subList(150, 300).forEach(l -> messages.add(text(l)));
    broker.createTopic("oversize", 1);
    broker.produce("oversize", messages, Map.of("max.request.size", 8 << 20));

    Path db = dir.resolve("oversize.db");
    CommandHarness.Result first = observe(db, "oversize");
    System.out.println("first run:\n" + first.err());
    String expected =
        "oversize/0/150: "
            + String.format(PollLoop.TOO_LARGE, huge.getBytes(StandardCharsets.UTF_8).length);
    assertTrue(first.err().contains(expected), first.toString());
    assertEquals(
        FlowMessages.contents(FlowMessages.ingestFiles(dir, hubble, List.of())),
        FlowMessages.contents(db),
        "every other record stored once");
    assertEquals(
        Map.of(new TopicPartition("oversize", 0), 301L),
        KafkaObserveIT.storedOffsets(db, "oversize"),
        "the skipped offset is stored too");

    CommandHarness.Result second = observe(db, "oversize");
    assertTrue(second.err().contains("read 0 records"), second.toString());
    assertTrue(!second.err().contains("oversize/0/150"), "not reported again: " + second);
  }

  /**
   * A 20 KB zstd record expanding to 256 MiB, read by observe with a 128 MiB heap: the Kafka client
   * decompresses a record whole, so the first run dies of it (with -XX:+ExitOnOutOfMemoryError, as
   * the images run). The restarts find the record, skip it, and store everything else exactly once.
   */
  @Test
  void a_compression_bomb_bigger_than_the_heap_is_found_after_the_crash_and_skipped()
      throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 400);
    List<KafkaBroker.Message> before = new ArrayList<>();
    hubble.subList(0, 200).forEach(l -> before.add(text(l)));
    List<KafkaBroker.Message> after = new ArrayList<>();
    hubble.subList(200, 400).forEach(l -> after.add(text(l)));
    broker.createTopic("bomb", 1);
    broker.produce("bomb", before);
    broker.produce(
        "bomb",
        List.of(new KafkaBroker.Message(null, new byte[256 << 20])),
        Map.of(
            "compression.type", "zstd",
            "max.request.size", 300 << 20,
            "buffer.memory", 600L << 20));
    broker.produce("bomb", after);

    Path db = dir.resolve("bomb.db");
    List<Integer> exits = new ArrayList<>();
    String last = "";
    while (exits.size() < 4 && (exits.isEmpty() || exits.get(exits.size() - 1) != 0)) {
      Path log = dir.resolve("run-" + exits.size() + ".log");
      exits.add(child(db, "bomb", log));
      last = Files.readString(log);
      System.out.printf("run %d: exit %d%n%s%n", exits.size(), exits.get(exits.size() - 1), last);
    }
    assertEquals(3, exits.get(0), "the first run runs out of memory in poll: " + exits);
    assertEquals(0, exits.get(exits.size() - 1), "a restart gets past it: " + exits + "\n" + last);
    assertTrue(exits.size() <= 3, "found within two restarts: " + exits);
    assertTrue(last.contains("bomb/0/200: " + StoreConsumer.KILLED_READER), last);
    assertEquals(
        FlowMessages.contents(FlowMessages.ingestFiles(dir, hubble, List.of())),
        FlowMessages.contents(db),
        "every other record stored once");
    assertEquals(
        Map.of(new TopicPartition("bomb", 0), 401L), KafkaObserveIT.storedOffsets(db, "bomb"));
  }

  /** observe in a child JVM with a small heap, as the images run it; returns the exit code. */
  private static int child(Path db, String topic, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                "io.netpol.cli.Main",
                "observe",
                "--kafka-bootstrap",
                broker.bootstrap(),
                "--topic",
                topic,
                "--group",
                topic,
                "--kafka-property",
                "session.timeout.ms=6000",
                // The careful reader takes one record per poll whatever the user asks for.
                "--kafka-property",
                "max.poll.records=500",
                "--exit-when-idle",
                "3s",
                "--db",
                db.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("observe did not end: " + Files.readString(log));
    }
    return p.exitValue();
  }

  private static CommandHarness.Result observe(Path db, String topic) {
    return CommandHarness.run(
        new Services(),
        "observe",
        "--kafka-bootstrap",
        broker.bootstrap(),
        "--topic",
        topic,
        "--group",
        topic,
        "--exit-when-idle",
        "3s",
        "--db",
        db.toString());
  }

  private static KafkaBroker.Message text(String s) {
    return new KafkaBroker.Message(null, s.getBytes(StandardCharsets.UTF_8));
  }
}
