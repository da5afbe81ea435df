package io.netpol.kafka;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Input;
import io.netpol.ingest.MessagesAhead;
import io.netpol.ingest.RecordProcessor;
import io.netpol.store.IngestBatch;
import io.netpol.store.Store;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Raw flow records from a topic into the store, through the same decode → deduplicate → aggregate
 * path as files. Each message is one record, a shipper's wrapper around one, several
 * newline-separated records, or one binary Hubble message.
 */
public final class FlowRecords implements StoreConsumer.Target {

  private final RecordProcessor processor;
  private final MessagesAhead ahead;

  /** The partition of the last record, whose evidence name the processor has. */
  private String evidenceTopic;

  private int evidencePartition = -1;

  private FlowRecords(RecordProcessor processor, MessagesAhead ahead) {
    this.processor = processor;
    this.ahead = ahead;
    if (ahead != null) {
      processor.readAhead(ahead);
      processor.writeBehind();
    }
  }

  /** A target continuing from the store's committed state, reading each message itself. */
  public static FlowRecords fromStore(Store store, IngestOptions options, IngestReport report) {
    return fromStore(store, options, report, null);
  }

  /**
   * The same, the records of each poll read ahead by {@code ahead} (made with the same options),
   * and each batch written on a thread of its own while the next is read.
   */
  public static FlowRecords fromStore(
      Store store, IngestOptions options, IngestReport report, MessagesAhead ahead) {
    return new FlowRecords(RecordProcessor.intoStore(store, options, report), ahead);
  }

  @Override
  public void polled(List<byte[]> values) {
    if (ahead != null) {
      ahead.poll(values);
    }
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> record, Supplier<String> location) {
    if (record.partition() != evidencePartition || !record.topic().equals(evidenceTopic)) {
      evidenceTopic = record.topic();
      evidencePartition = record.partition();
      processor.evidence(Input.kafkaEvidence(evidenceTopic, evidencePartition));
    }
    processor.message(record.value(), location);
  }

  @Override
  public IngestBatch batch() {
    return processor.batch();
  }

  @Override
  public void commit() {
    processor.commit();
  }

  @Override
  public boolean writesBehind() {
    return processor.writesBehind();
  }

  @Override
  public void written() {
    processor.written();
  }

  @Override
  public void close() {
    processor.close();
  }
}
