package io.netpol.kafka;

import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Problem;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The consume loop both Kafka stages share: poll, hand each partition's records over, flush the
 * open batch when it is full, every second and whenever the topic is quiet, end after {@code
 * exitWhenIdle} without records or when {@link #stop()} is called (from any thread, e.g. a shutdown
 * hook). Subclasses say what handling and flushing mean.
 */
abstract class PollLoop implements ConsumerRebalanceListener {

  static final Duration POLL = Duration.ofMillis(200);

  /** The share of the heap one poll may hold in keys and values, whatever the messages' sizes. */
  static final double POLL_HEAP_SHARE = 0.125;

  /**
   * Before the first assignment, idle time is not counted for this long: a restarted member waits
   * until the group has expired the dead one it replaces (the session timeout).
   */
  static final Duration JOIN_GRACE = Duration.ofSeconds(60);

  private static final long FLUSH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The problem reported for a message over {@code --max-record-size}; %s: its size. */
  static final String TOO_LARGE =
      "message of %,d bytes is larger than --max-record-size; skipped (raise --max-record-size to read it)";

  protected final Consumer<byte[], byte[]> consumer;
  protected final IngestReport report;

  /** Every partition this loop was ever assigned. */
  protected final Set<TopicPartition> everAssigned = new HashSet<>();

  protected final int batchRecords;

  /** Bytes of keys and values one poll may copy ({@link PollBudget}). */
  private long pollBytes = (long) (Runtime.getRuntime().maxMemory() * POLL_HEAP_SHARE);

  private long deferred;

  private final Duration exitWhenIdle;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  private long idleSince;
  private long lastFlush;

  PollLoop(
      Consumer<byte[], byte[]> consumer,
      IngestReport report,
      int batchRecords,
      Duration exitWhenIdle) {
    this.consumer = consumer;
    this.report = report;
    this.batchRecords = batchRecords;
    this.exitWhenIdle = exitWhenIdle;
  }

  /** Records handled since the last flush. */
  protected abstract long pending();

  /** A poll's records, before they are handed over partition by partition (in that order). */
  protected void polled(ConsumerRecords<byte[], byte[]> records) {}

  /** Hands over one partition's records of a poll, in offset order. */
  protected abstract void handle(
      TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records);

  /** Makes what was handled durable; must call {@link #flushed()}. */
  protected abstract void flush();

  /** Subscribes and runs until idle or stopped; the caller flushes once more and closes. */
  protected final void loop(String topic) {
    consumer.subscribe(List.of(topic), this);
    idleSince = System.nanoTime();
    lastFlush = idleSince;
    while (!stopping) {
      ConsumerRecords<byte[], byte[]> records;
      try (PollBudget budget = PollBudget.open(pollBytes)) {
        records = consumer.poll(POLL);
        if (budget.spent()) {
          records = admitted(records);
        }
      } catch (WakeupException e) {
        break;
      }
      long now = System.nanoTime();
      if (records.isEmpty()) {
        flush();
        if (exitWhenIdle != null
            && now - idleSince >= idleLimit(exitWhenIdle, everAssigned.isEmpty())) {
          break;
        }
        continue;
      }
      idleSince = now;
      polled(records);
      for (TopicPartition tp : records.partitions()) {
        handle(tp, records.records(tp));
      }
      if (pending() >= batchRecords || now - lastFlush >= FLUSH_EVERY_NANOS) {
        flush();
      }
    }
  }

  /**
   * The records of a poll that spent its budget, up to each partition's first deferred one; the
   * partition is sought back to that one, which the next poll returns with what follows it.
   */
  private ConsumerRecords<byte[], byte[]> admitted(ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> admitted = new LinkedHashMap<>();
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
      int cut = 0;
      while (cut < list.size()
          && !BoundedBytes.deferred(list.get(cut).key())
          && !BoundedBytes.deferred(list.get(cut).value())) {
        cut++;
      }
      if (cut < list.size()) {
        consumer.seek(tp, list.get(cut).offset());
        deferred += list.size() - cut;
      }
      if (cut > 0) {
        admitted.put(tp, list.subList(0, cut));
      }
    }
    return new ConsumerRecords<>(admitted, Map.of());
  }

  /** Polls copy at most {@code bytes} of keys and values from now on (tests). */
  final void pollBytes(long bytes) {
    this.pollBytes = bytes;
  }

  /** Records a poll returned past its budget, left for the next poll (tests). */
  final long deferredRecords() {
    return deferred;
  }

  /** Where a record is: topic/partition/offset. */
  static String location(ConsumerRecord<?, ?> r) {
    return r.topic() + "/" + r.partition() + "/" + r.offset();
  }

  /**
   * Whether a record may be handed over: one whose key or value is over {@code --max-record-size}
   * is reported as a problem with its location and skipped; its offset is stored all the same, with
   * the batch around it.
   */
  protected final boolean withinLimit(ConsumerRecord<byte[], byte[]> r) {
    boolean value = BoundedBytes.tooLarge(r.value());
    if (!value && !BoundedBytes.tooLarge(r.key())) {
      return true;
    }
    report.malformed(
        new Problem(
            location(r),
            String.format(TOO_LARGE, value ? r.serializedValueSize() : r.serializedKeySize())));
    return false;
  }

  static long idleLimit(Duration exitWhenIdle, boolean neverAssigned) {
    return (neverAssigned ? exitWhenIdle.plus(JOIN_GRACE) : exitWhenIdle).toNanos();
  }

  protected final void flushed() {
    lastFlush = System.nanoTime();
  }

  /** The idle clock starts again (on an assignment: records may follow). */
  protected final void restartIdleClock() {
    idleSince = System.nanoTime();
  }

  protected final boolean stopRequested() {
    return stopping;
  }

  /** Ends the loop after the current poll. */
  protected final void requestStop() {
    stopping = true;
  }

  /** Called by {@code run()} in its finally block, after closing. */
  protected final void finished() {
    finished.countDown();
  }

  /** Asks the loop to finish its batch and end; safe from any thread (a shutdown hook). */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Waits until the loop has flushed and closed. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int partitionsRead() {
    return everAssigned.size();
  }
}
