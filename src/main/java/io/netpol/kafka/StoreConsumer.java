package io.netpol.kafka;

import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Problem;
import io.netpol.store.Checkpoint;
import io.netpol.store.CheckpointConflictException;
import io.netpol.store.IngestBatch;
import io.netpol.store.IngestWriter;
import io.netpol.store.KafkaReaders;
import io.netpol.store.Store;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Consumes a topic into the store, exactly once per record.
 *
 * <p>The offsets live in SQLite ({@code ingest_checkpoint}, source {@code
 * kafka:<topic>:<partition>}, position = next offset) and are written in the same transaction as
 * the aggregates they produced. On assignment the consumer seeks to them, so Kafka's own committed
 * offsets (written after each SQLite commit) are informational only. Several processes of one group
 * may share one database: each transaction verifies that every partition's stored offset is still
 * the one the batch started from, and a batch that lost that race is dropped and re-read from the
 * stored offsets. Before partitions are given up in a rebalance, what was read from them is
 * committed.
 *
 * <p>With {@link #recoverWith}, a record that kills the process does not kill every restart: the
 * partitions a process reads are recorded in the store ({@link KafkaReaders}) and released when it
 * hands them over or ends cleanly. A run that finds rows of a dead process of this host first reads
 * those partitions carefully, one record per poll and each offset recorded before it is read, as
 * far as the dead run could have read past its last commit; a record that killed a careful reader
 * is skipped the next time, reported with its topic/partition/offset, and its offset stored with
 * the batch. Kafka decompresses a record whole before handing it over, so this is what stops a
 * record that expands beyond the heap (a compression bomb) from stopping ingestion for good.
 */
public final class StoreConsumer extends PollLoop {

  /** Where records go: a batch that {@link #commit()} writes in one transaction. */
  public interface Target {
    /**
     * The values of a poll's records in the order they will be accepted (null for one too large to
     * read), before the first is: to read them ahead.
     */
    default void polled(List<byte[]> values) {}

    /** {@code location} says where the record is (topic/partition/offset), for its problems. */
    void accept(ConsumerRecord<byte[], byte[]> record, Supplier<String> location);

    IngestBatch batch();

    /**
     * Writes the batch in one transaction; when the target {@link #writesBehind}, on another thread
     * while the next batch is read (then rethrows what failed writing the one before).
     */
    void commit();

    /** Whether {@link #commit} returns before the batch is written. */
    default boolean writesBehind() {
      return false;
    }

    /** Returns once every batch committed is in the store; rethrows what failed writing one. */
    default void written() {}

    /** Ends what the target runs (its writing thread), once its batches are written. */
    default void close() {}
  }

  private final String topic;
  private final IngestWriter checkpoints;
  private final Supplier<Target> targets;
  private final KafkaReaders readers;
  private final java.util.Set<String> held = new LinkedHashSet<>();
  private KafkaReaders.Self self;
  private Supplier<Consumer<byte[], byte[]>> carefulConsumers;
  private boolean inGroup;
  private final Map<TopicPartition, Long> started = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private Target target;
  private long conflicts;

  /**
   * @param targets makes a fresh target from the store's committed state; called at start, on every
   *     assignment (so deduplication memory committed by other consumers is picked up) and after a
   *     lost race
   * @param exitWhenIdle end after this long without a record; null runs until {@link #stop()}
   */
  public StoreConsumer(
      Consumer<byte[], byte[]> consumer,
      String topic,
      Store store,
      Supplier<Target> targets,
      IngestReport report,
      int batchRecords,
      Duration exitWhenIdle) {
    super(consumer, report, batchRecords, exitWhenIdle);
    this.topic = topic;
    this.checkpoints = store.ingestWriter();
    this.targets = targets;
    this.readers = store.kafkaReaders();
  }

  /** The problem reported for a record that killed the last careful reader. */
  static final String KILLED_READER =
      "the last run died reading this record (out of memory: it decompresses beyond the heap, a"
          + " compression bomb?); skipped";

  /**
   * Records the partitions this process reads, and recovers those a dead process of the same host
   * was reading, with consumers from {@code careful} (one record per poll, assigned by hand).
   */
  public StoreConsumer recoverWith(
      KafkaReaders.Self self, Supplier<Consumer<byte[], byte[]>> careful) {
    this.self = self;
    this.carefulConsumers = careful;
    return this;
  }

  /** The checkpoint source a partition's offset is stored under. */
  public static String source(String topic, int partition) {
    return "kafka:" + topic + ":" + partition;
  }

  /** Consumes until idle or stopped, commits what was read, closes the consumer. */
  public IngestReport run() {
    try {
      target = targets.get();
      if (self != null) {
        recover();
      }
      inGroup = true;
      loop(topic);
      commit();
      awaitWrites();
      release(List.copyOf(held));
      return report;
    } finally {
      try {
        if (target != null) {
          target.close();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
      } finally {
        finished();
      }
    }
  }

  @Override
  protected long pending() {
    return target.batch().records();
  }

  @Override
  protected void polled(ConsumerRecords<byte[], byte[]> records) {
    List<byte[]> values = new java.util.ArrayList<>(records.count());
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        values.add(
            BoundedBytes.tooLarge(r.value()) || BoundedBytes.tooLarge(r.key()) ? null : r.value());
      }
    }
    target.polled(values);
  }

  @Override
  protected void handle(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> list) {
    for (ConsumerRecord<byte[], byte[]> r : list) {
      if (withinLimit(r)) {
        target.accept(r, () -> location(r));
      }
    }
    next.put(tp, list.get(list.size() - 1).offset() + 1);
  }

  @Override
  protected void flush() {
    commit();
  }

  /** Batches dropped because another consumer had stored their partitions meanwhile. */
  public long conflicts() {
    return conflicts;
  }

  private void commit() {
    flushed();
    if (next.isEmpty() && target.batch().isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
      TopicPartition tp = e.getKey();
      long offset = e.getValue();
      target
          .batch()
          .checkpoint(
              new Checkpoint(
                  source(tp.topic(), tp.partition()),
                  "kafka:" + tp.topic(),
                  tp.topic() + "/" + tp.partition(),
                  offset,
                  offset,
                  "-"),
              started.getOrDefault(tp, 0L));
      offsets.put(tp, new OffsetAndMetadata(offset));
    }
    try {
      target.commit();
    } catch (CheckpointConflictException e) {
      lostRace(e);
      return;
    }
    started.putAll(next);
    next.clear();
    if (target.writesBehind()) {
      // The batch before is written now (one waits at most); this one is under way.
      Map<TopicPartition, OffsetAndMetadata> written = inFlight;
      inFlight = offsets;
      tellKafka(written);
    } else {
      tellKafka(offsets);
    }
  }

  /** Offsets of the batch handed over last, not known to be in the store yet. */
  private Map<TopicPartition, OffsetAndMetadata> inFlight = Map.of();

  /**
   * Waits until every batch handed over is in the store, before anything else uses it; a lost race
   * there is handled as in {@link #commit}.
   */
  private void awaitWrites() {
    try {
      target.written();
      tellKafka(inFlight);
      inFlight = Map.of();
    } catch (CheckpointConflictException e) {
      lostRace(e);
    }
  }

  /**
   * Another consumer stored these partitions meanwhile: the batch (and any handed over after it) is
   * dropped and re-read from the stored offsets with a target made from the stored state.
   */
  private void lostRace(CheckpointConflictException e) {
    conflicts++;
    report.problem(new Problem(e.attempted().path(), e.getMessage()));
    next.clear();
    inFlight = Map.of();
    target.close();
    target = targets.get();
    seekToStored(consumer.assignment());
  }

  /** Kafka's committed offsets: informational only, the offsets that count are in SQLite. */
  private void tellKafka(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!inGroup || offsets.isEmpty()) {
      return; // a careful reader, outside the group: nothing to tell Kafka
    }
    try {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
    } catch (WakeupException e) {
      requestStop();
    } catch (KafkaException e) {
      // Informational only.
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    commit();
    awaitWrites(); // in the store before another consumer reads on from it
    for (TopicPartition tp : partitions) {
      started.remove(tp);
      next.remove(tp);
    }
    release(partitions.stream().map(tp -> source(tp.topic(), tp.partition())).toList());
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    // Another consumer may own them already; the optimistic check decides who stores the batch.
    onPartitionsRevoked(partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    commit();
    awaitWrites();
    // Load what other consumers committed (their deduplication memory for these partitions).
    target.close();
    target = targets.get();
    for (TopicPartition tp : partitions) {
      if (everAssigned.add(tp)) {
        report.input();
      }
    }
    if (self != null) {
      List<String> sources =
          partitions.stream().map(tp -> source(tp.topic(), tp.partition())).toList();
      readers.hold(self, sources, -1);
      held.addAll(sources);
    }
    seekToStored(partitions);
    restartIdleClock();
  }

  private void seekToStored(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Checkpoint stored = checkpoints.checkpoint(source(tp.topic(), tp.partition()));
      if (stored == null) {
        consumer.seekToBeginning(List.of(tp));
        started.put(tp, 0L);
      } else {
        consumer.seek(tp, stored.position());
        started.put(tp, stored.position());
      }
    }
  }

  private void release(List<String> sources) {
    if (self != null && !sources.isEmpty()) {
      readers.release(self.host(), sources);
      sources.forEach(held::remove);
    }
  }

  /** Reads carefully what dead processes of this host were reading, before joining the group. */
  private void recover() {
    List<KafkaReaders.Reader> dead =
        readers.of(self.host(), "kafka:" + topic + ":").stream().filter(r -> !r.alive()).toList();
    if (dead.isEmpty()) {
      return;
    }
    try (Consumer<byte[], byte[]> careful = carefulConsumers.get()) {
      for (KafkaReaders.Reader r : dead) {
        if (stopRequested()) {
          return;
        }
        int partition = Integer.parseInt(r.source().substring(r.source().lastIndexOf(':') + 1));
        try {
          readCarefully(careful, new TopicPartition(topic, partition), r.reading());
        } catch (RuntimeException e) {
          // Not the record's fault: the next run reads carefully again, suspecting no record.
          target.close(); // its writes end before the store is used here
          readers.hold(self, List.of(r.source()), -1);
          throw e;
        }
        readers.release(self.host(), List.of(r.source()));
      }
    }
  }

  /**
   * One record per poll, each offset recorded before the poll that reads it, as far as a run reads
   * between two commits; the record at {@code poison} (where the last careful reader died) is
   * skipped.
   */
  private void readCarefully(Consumer<byte[], byte[]> careful, TopicPartition tp, long poison) {
    String source = source(tp.topic(), tp.partition());
    awaitWrites();
    Checkpoint stored = checkpoints.checkpoint(source);
    long from = stored == null ? 0 : stored.position();
    careful.assign(List.of(tp));
    if (stored == null) {
      careful.seekToBeginning(List.of(tp));
    } else {
      careful.seek(tp, from);
    }
    started.put(tp, from);
    long end = careful.endOffsets(List.of(tp), Duration.ofSeconds(30)).getOrDefault(tp, from);
    long limit = Math.min(end, from + batchRecords + 5_000L);
    long conflictsBefore = conflicts;
    long lastFlush = System.nanoTime();
    int idlePolls = 0;
    long at;
    while (!stopRequested()
        && idlePolls < 10
        && conflicts == conflictsBefore
        && (at = careful.position(tp)) < limit) {
      if (at == poison) {
        report.malformed(new Problem(tp.topic() + "/" + tp.partition() + "/" + at, KILLED_READER));
        careful.seek(tp, at + 1);
        next.put(tp, at + 1);
        continue;
      }
      awaitWrites();
      readers.hold(self, List.of(source), at);
      ConsumerRecords<byte[], byte[]> got = careful.poll(POLL);
      if (got.isEmpty()) {
        idlePolls++;
        continue;
      }
      idlePolls = 0;
      handle(tp, got.records(tp));
      if (pending() >= batchRecords || System.nanoTime() - lastFlush >= 1_000_000_000L) {
        commit();
        lastFlush = System.nanoTime();
      }
    }
    commit();
    awaitWrites(); // in the store before the partition is released
    started.remove(tp);
  }
}
