package io.netpol.kafka;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Input;
import io.netpol.ingest.RecordProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The first stage of the scale-out pipeline ({@code observe --emit-edges}): consumes raw flows,
 * counts connections once (per process), and publishes the resulting edge deltas, keyed by edge.
 *
 * <p>Exactly once with Kafka transactions (consume-transform-produce): the deltas of a batch and
 * the input offsets that produced them ({@code sendOffsetsToTransaction} with the consumer's group
 * metadata, which also fences zombie instances) commit atomically. The folding consumer reads with
 * {@code isolation.level=read_committed}, so an aborted batch is never counted. Before a rebalance
 * takes partitions away, the open batch is committed.
 */
public final class EdgeEmitter extends PollLoop {

  private final Producer<byte[], byte[]> producer;
  private final String inputTopic;
  private final String edgesTopic;
  private final String producerId;
  private final DeltaBuffer buffer = new DeltaBuffer();
  private final RecordProcessor processor;
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final long[] sequence = {0};
  private long published;
  private long transactions;

  public EdgeEmitter(
      Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> producer,
      String inputTopic,
      String edgesTopic,
      String producerId,
      IngestOptions options,
      IngestReport report,
      Duration exitWhenIdle) {
    super(consumer, report, options.batchRecords(), exitWhenIdle);
    this.producer = producer;
    this.inputTopic = inputTopic;
    this.edgesTopic = edgesTopic;
    this.producerId = producerId;
    this.processor = RecordProcessor.intoOutput(buffer, options, report);
  }

  /** Consumes until idle or stopped, publishing in transactions; closes both clients. */
  public IngestReport run() {
    try {
      producer.initTransactions();
      loop(inputTopic);
      publish();
      return report;
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        producer.close(Duration.ofSeconds(10));
      } finally {
        finished();
      }
    }
  }

  @Override
  protected long pending() {
    return processor.batch().records();
  }

  @Override
  protected void handle(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> list) {
    processor.evidence(Input.kafkaEvidence(tp.topic(), tp.partition()));
    for (ConsumerRecord<byte[], byte[]> r : list) {
      if (withinLimit(r)) {
        processor.message(r.value(), location(r));
      }
    }
    offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
  }

  @Override
  protected void flush() {
    publish();
  }

  public long published() {
    return published;
  }

  public long transactions() {
    return transactions;
  }

  /** One transaction: the batch's deltas and the offsets after it, or neither. */
  private void publish() {
    flushed();
    if (offsets.isEmpty()) {
      return;
    }
    processor.flush();
    long[] sent = {0};
    try {
      producer.beginTransaction();
      buffer.drain(
          producerId,
          sequence,
          (key, value) -> {
            sent[0]++;
            producer.send(
                new ProducerRecord<>(edgesTopic, key, value),
                (metadata, e) -> {
                  if (e != null) {
                    sendFailure.compareAndSet(null, e);
                  }
                });
          });
      producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      abortQuietly();
      throw new EdgePublishException(
          "cannot publish edge deltas to "
              + edgesTopic
              + ": "
              + KafkaClients.rootMessage(e)
              + "; the batch was aborted and is read again from the last committed offsets on restart",
          e);
    }
    Exception failed = sendFailure.getAndSet(null);
    if (failed != null) {
      // commitTransaction fails when a send failed; this only guards against a client that does
      // not.
      throw new EdgePublishException(
          "a send to " + edgesTopic + " failed after commit: " + failed.getMessage(), failed);
    }
    published += sent[0];
    transactions++;
    offsets.clear();
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (KafkaException ignored) {
      // Fenced or fatal: closing the producer aborts on the broker's side.
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    publish();
    partitions.forEach(offsets::remove);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    restartIdleClock();
    for (TopicPartition tp : partitions) {
      if (everAssigned.add(tp)) {
        report.input();
      }
    }
  }
}
