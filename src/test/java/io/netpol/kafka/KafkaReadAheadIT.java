package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.MessagesAhead;
import io.netpol.ingest.SameStore;
import io.netpol.ingest.SharedFixtures;
import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a poll's messages ahead on other threads ({@link MessagesAhead}) and writing each batch
 * while the next is read must store exactly what reading and writing every message on the
 * consumer's thread stores: every row of every table (edges, label sets, checkpoints with their
 * offsets, deduplication memory, content marks) and the same report, problems with their
 * topic/partition/offset in the same order. Small polls and batches put poll ends and commits
 * everywhere.
 */
class KafkaReadAheadIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @Test
  void every_shape_of_the_voting_app_and_of_many_distinct_pods_is_stored_the_same()
      throws Exception {
    List<String> hubble = new ArrayList<>(FlowMessages.simulate(Simulator.Format.HUBBLE, 12_000));
    StringWriter pods = new StringWriter();
    Simulator.writeManyPods(pods, FlowMessages.START, 900, 12_000);
    pods.toString().lines().filter(l -> !l.isBlank()).forEach(hubble::add);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 2_000);
    // One partition: the order of records across partitions is the broker's, another each run.
    broker.createTopic("shapes", 1);
    broker.produce("shapes", FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION));

    assertSame("shapes", 1, 1_000);
  }

  /**
   * Polls that copy at most 6 KiB of keys and values (a few Hubble records; a large NDJSON batch
   * alone) end anywhere in a partition, and what follows their end is read by the next poll: the
   * store is the same as that of polls without a byte budget, every record stored once.
   */
  @Test
  void polls_cut_short_by_their_byte_budget_store_the_same() throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 3_000);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 600);
    broker.createTopic("budget", 1);
    broker.produce("budget", FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION));

    assertSame("budget", 1, 400, 6 << 10);
  }

  @TestFactory
  Stream<DynamicTest> every_shared_fixture_is_stored_the_same() throws IOException {
    return SharedFixtures.each(
        fixture -> {
          String topic = "fixture-" + fixture.getFileName().toString().hashCode();
          List<KafkaBroker.Message> messages = new ArrayList<>();
          List<String> lines = Files.readAllLines(fixture);
          for (int i = 0; i < lines.size(); i++) {
            // Every fourth message carries three lines, as NDJSON batches do.
            int to = i % 4 == 3 ? Math.min(lines.size(), i + 3) : i + 1;
            messages.add(text(String.join("\n", lines.subList(i, to))));
            i = to - 1;
          }
          broker.createTopic(topic, 1);
          broker.produce(topic, messages);
          assertSame(topic, 1, 7);
        });
  }

  @Test
  void malformed_empty_foreign_and_non_flow_messages_are_reported_the_same() throws Exception {
    List<String> sample = FlowMessages.simulate(Simulator.Format.HUBBLE, 600);
    List<KafkaBroker.Message> messages = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      messages.add(text(sample.get(i)));
      switch (i % 23) {
        case 1 -> messages.add(text("{\"flow\": {\"verdict\": "));
        case 3 -> messages.add(new KafkaBroker.Message(null, new byte[0]));
        case 5 -> messages.add(text("not json at all"));
        case 7 -> messages.add(text("{\"agent_event\": {\"type\": \"x\"}}"));
        case 9 ->
            messages.add(
                text(
                    "{\"flow\": {\"time\": \"2026-02-30T00:00:00Z\", \"verdict\": \"FORWARDED\"}}"));
        case 11 -> messages.add(text("{\"something\": \"else\"}"));
        case 13 -> messages.add(text("{\"log\": \"not json\"}"));
        case 15 ->
            messages.add(
                new KafkaBroker.Message(
                    null, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
        case 17 ->
            messages.add(text(sample.get(i) + "\n{\"flow\": {\"verdict\": \n" + sample.get(i)));
        case 19 ->
            messages.add(
                text(
                    "{\"flow\": {\"verdict\": \"FORWARDED\", \"source\": {\"labels\": [1, {}]}}}"));
        case 21 ->
            messages.add(text(FlowMessages.fluentBit(FlowMessages.fluentBit(sample.get(i)))));
        default -> {}
      }
    }
    broker.createTopic("malformed", 1);
    broker.produce("malformed", messages);

    IngestReport report = assertSame("malformed", 1, 50);
    assertTrue(report.malformed() >= 7 * (sample.size() / 23), SameStore.report(report));
  }

  /**
   * Consumes {@code topic} twice into stores of their own: each message read and each batch written
   * on the consumer's thread, then read ahead and written behind in polls of 37 messages; asserts
   * both stores and reports are the same, and returns the report.
   */
  private IngestReport assertSame(String topic, int partitions, int batchRecords) throws Exception {
    return assertSame(topic, partitions, batchRecords, Long.MAX_VALUE);
  }

  /** The same, the polls read ahead copying at most {@code pollBytes} each ({@link PollBudget}). */
  private IngestReport assertSame(String topic, int partitions, int batchRecords, long pollBytes)
      throws Exception {
    Path sequentialDb = dir.resolve(topic + "-sequential.db");
    Path aheadDb = dir.resolve(topic + "-ahead.db");
    IngestReport sequential =
        consume(sequentialDb, topic, batchRecords, 500, false, Long.MAX_VALUE);
    IngestReport ahead = consume(aheadDb, topic, batchRecords, 37, true, pollBytes);
    assertEquals(
        broker.endOffsets(topic, partitions), KafkaObserveIT.storedOffsets(sequentialDb, topic));
    assertEquals(SameStore.report(sequential), SameStore.report(ahead), topic);
    SameStore.assertSameNaturalTables(sequentialDb, aheadDb, topic);
    return ahead;
  }

  private static IngestReport consume(
      Path db, String topic, int batchRecords, int pollRecords, boolean readAhead, long pollBytes) {
    IngestReport report = new IngestReport();
    IngestOptions options = IngestOptions.defaults().withBatchRecords(batchRecords);
    try (Store store = Store.open(db);
        MessagesAhead ahead = readAhead ? new MessagesAhead(options) : null) {
      StoreConsumer consumer =
          new StoreConsumer(
              new KafkaClients(broker.settings())
                  .consumer(db.getFileName().toString(), "test", pollRecords, 1 << 20),
              topic,
              store,
              () -> FlowRecords.fromStore(store, options, report, ahead),
              report,
              batchRecords,
              Duration.ofSeconds(2));
      consumer.pollBytes(pollBytes);
      consumer.run();
      if (pollBytes < Long.MAX_VALUE) {
        assertTrue(consumer.deferredRecords() > 0, "no poll was cut by its budget");
      }
    }
    return report;
  }

  private static KafkaBroker.Message text(String s) {
    return new KafkaBroker.Message(null, s.getBytes(StandardCharsets.UTF_8));
  }
}
