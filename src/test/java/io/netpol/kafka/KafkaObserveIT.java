package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.Main;
import io.netpol.cli.Services;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.MessagesAhead;
import io.netpol.ingest.Problem;
import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code observe --kafka-bootstrap} against a real broker: exactly once into SQLite. */
class KafkaObserveIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @Test
  void a_hundred_thousand_records_in_every_shape_store_exactly_what_the_files_store()
      throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 90_000);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 10_000);
    assertEquals(100_000, hubble.size() + calico.size());
    broker.createTopic("flows-100k", 4);
    broker.produce(
        "flows-100k", FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION));
    Path expected = FlowMessages.ingestFiles(dir, hubble, calico);

    Path db = dir.resolve("kafka.db");
    assertEquals(0, observe(db, "--topic", "flows-100k"));

    assertEquals(FlowMessages.contents(expected), FlowMessages.contents(db));
    assertEquals(total(broker.endOffsets("flows-100k", 4)), total(storedOffsets(db, "flows-100k")));
    assertEquals(0, observe(db, "--topic", "flows-100k"), "a second run");
    assertEquals(
        FlowMessages.contents(expected), FlowMessages.contents(db), "a second run adds nothing");
  }

  @Test
  void a_poison_message_is_skipped_with_its_offset_and_the_partition_continues() throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 40);
    broker.createTopic("poison", 1);
    List<KafkaBroker.Message> messages = new ArrayList<>();
    messages.add(text(hubble.get(0)));
    messages.add(text("this is not JSON"));
    messages.add(text("{\"flow\": {\"verdict\": \"FORWARDED\", broken"));
    messages.add(
        new KafkaBroker.Message(
            null, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
    for (String line : hubble.subList(1, hubble.size())) {
      messages.add(text(line));
    }
    broker.produce("poison", messages);

    Path db = dir.resolve("poison.db");
    IngestReport report = new IngestReport();
    try (Store store = Store.open(db)) {
      new StoreConsumer(
              new KafkaClients(broker.settings())
                  .consumer("poison-test", "poison-test", 500, 1 << 20),
              "poison",
              store,
              () -> FlowRecords.fromStore(store, IngestOptions.defaults(), report),
              report,
              1_000,
              Duration.ofSeconds(2))
          .run();
    }

    String problems =
        report.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    assertEquals(3, report.malformed(), problems);
    assertTrue(problems.contains("poison/0/1: "), problems);
    assertTrue(problems.contains("poison/0/2: invalid JSON"), problems);
    assertTrue(problems.contains("poison/0/3: neither JSON"), problems);
    assertEquals(
        Map.of(new TopicPartition("poison", 0), (long) messages.size()),
        storedOffsets(db, "poison"));
    assertEquals(
        FlowMessages.contents(FlowMessages.ingestFiles(dir, hubble, List.of())),
        FlowMessages.contents(db));
  }

  @Test
  void a_consumer_killed_mid_run_and_restarted_stores_each_record_once() throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 30_000);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 3_000);
    broker.createTopic("killed", 3);
    List<KafkaBroker.Message> messages =
        FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION);
    broker.produce("killed", messages);
    Path expected = FlowMessages.ingestFiles(dir, hubble, calico);

    Path db = dir.resolve("killed.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.netpol.cli.Main",
                "observe",
                "--kafka-bootstrap",
                broker.bootstrap(),
                "--topic",
                "killed",
                "--group",
                "killed",
                "--kafka-property",
                "session.timeout.ms=6000",
                "--batch-size",
                "300",
                "--db",
                db.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long committed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (child.isAlive() && committed < messages.size() / 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      committed = total(storedOffsets(db, "killed"));
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
    child.waitFor();
    assertTrue(
        committed > 0 && committed < messages.size(),
        "killed mid-run, after " + committed + " of " + messages.size() + " messages");

    // The restart waits until the group has expired the killed member (6 s), then resumes from
    // SQLite.
    assertEquals(
        0,
        observe(
            db,
            "--topic",
            "killed",
            "--group",
            "killed",
            "--kafka-property",
            "session.timeout.ms=6000"));
    assertEquals(
        FlowMessages.contents(expected),
        FlowMessages.contents(db),
        "after kill -9 at offset " + committed);
  }

  @Test
  void two_consumers_in_one_group_store_each_record_once() throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 30_000);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 3_000);
    broker.createTopic("shared", 4);
    // Keyed by connection, so one connection's observations stay with one consumer.
    broker.produce("shared", FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION));
    Path expected = FlowMessages.ingestFiles(dir, hubble, calico);

    Path db = dir.resolve("shared.db");
    Store.open(db).close(); // migrate once, before two processes race to
    CompletableFuture<Long> first =
        CompletableFuture.supplyAsync(() -> consume(db, "shared", "first"));
    while (total(storedOffsets(db, "shared")) == 0) {
      Thread.sleep(5);
    }
    // The second joins mid-run: a rebalance moves partitions while the first is working.
    CompletableFuture<Long> second =
        CompletableFuture.supplyAsync(() -> consume(db, "shared", "second"));
    long conflicts = first.get(120, TimeUnit.SECONDS) + second.get(120, TimeUnit.SECONDS);

    assertEquals(broker.endOffsets("shared", 4), storedOffsets(db, "shared"));
    assertEquals(
        FlowMessages.contents(expected),
        FlowMessages.contents(db),
        "with " + conflicts + " lost races");
  }

  /**
   * One consumer of group "shared" with its own connection to the database; returns its lost races.
   */
  private static long consume(Path db, String topic, String name) {
    IngestReport report = new IngestReport();
    try (Store store = Store.open(db);
        MessagesAhead ahead = new MessagesAhead(IngestOptions.defaults())) {
      StoreConsumer consumer =
          new StoreConsumer(
              new KafkaClients(broker.settings()).consumer("shared", name, 200, 1 << 20),
              topic,
              store,
              () -> FlowRecords.fromStore(store, IngestOptions.defaults(), report, ahead),
              report,
              400,
              Duration.ofSeconds(4));
      consumer.run();
      return consumer.conflicts();
    }
  }

  private static int observe(Path db, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "observe",
                "--kafka-bootstrap",
                broker.bootstrap(),
                "--exit-when-idle",
                "3s",
                "--db",
                db.toString()));
    argv.addAll(List.of(args));
    return Main.run(new Services(), argv.toArray(String[]::new));
  }

  private static KafkaBroker.Message text(String s) {
    return new KafkaBroker.Message(null, s.getBytes(StandardCharsets.UTF_8));
  }

  static Map<TopicPartition, Long> storedOffsets(Path db, String topic) {
    Map<TopicPartition, Long> out =
        new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT source, position FROM ingest_checkpoint WHERE source LIKE 'kafka:%'")) {
      while (rs.next()) {
        String source = rs.getString(1);
        int colon = source.lastIndexOf(':');
        String t = source.substring("kafka:".length(), colon);
        if (t.equals(topic)) {
          out.put(
              new TopicPartition(t, Integer.parseInt(source.substring(colon + 1))), rs.getLong(2));
        }
      }
    } catch (SQLException notYetCreated) {
      return out;
    }
    return out;
  }

  static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
