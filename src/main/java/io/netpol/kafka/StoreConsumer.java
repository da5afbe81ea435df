package io.netpol.kafka;

import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Problem;
import io.netpol.store.Checkpoint;
import io.netpol.store.CheckpointConflictException;
import io.netpol.store.IngestBatch;
import io.netpol.store.IngestWriter;
import io.netpol.store.Store;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 */
public final class StoreConsumer extends PollLoop {

  /** Where records go: a batch that {@link #commit()} writes in one transaction. */
  public interface Target {
    void accept(ConsumerRecord<byte[], byte[]> record, String location);

    IngestBatch batch();

    void commit();
  }

  private final String topic;
  private final IngestWriter checkpoints;
  private final Supplier<Target> targets;
  private final IngestReport report;
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
    super(consumer, batchRecords, exitWhenIdle);
    this.topic = topic;
    this.checkpoints = store.ingestWriter();
    this.targets = targets;
    this.report = report;
  }

  /** The checkpoint source a partition's offset is stored under. */
  public static String source(String topic, int partition) {
    return "kafka:" + topic + ":" + partition;
  }

  /** Consumes until idle or stopped, commits what was read, closes the consumer. */
  public IngestReport run() {
    try {
      target = targets.get();
      loop(topic);
      commit();
      return report;
    } finally {
      try {
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
  protected void handle(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> list) {
    for (ConsumerRecord<byte[], byte[]> r : list) {
      target.accept(r, r.topic() + "/" + r.partition() + "/" + r.offset());
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
      conflicts++;
      report.problem(new Problem(e.attempted().path(), e.getMessage()));
      next.clear();
      target = targets.get();
      seekToStored(consumer.assignment());
      return;
    }
    started.putAll(next);
    next.clear();
    try {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
    } catch (WakeupException e) {
      requestStop();
    } catch (KafkaException e) {
      // Informational only: the offsets that count are in SQLite.
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    commit();
    for (TopicPartition tp : partitions) {
      started.remove(tp);
      next.remove(tp);
    }
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
    // Load what other consumers committed (their deduplication memory for these partitions).
    target = targets.get();
    for (TopicPartition tp : partitions) {
      if (everAssigned.add(tp)) {
        report.input();
      }
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
}
