package io.netpol.kafka;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Input;
import io.netpol.ingest.RecordProcessor;
import io.netpol.store.IngestBatch;
import io.netpol.store.Store;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Raw flow records from a topic into the store, through the same decode → deduplicate → aggregate
 * path as files. Each message is one record, a shipper's wrapper around one, several
 * newline-separated records, or one binary Hubble message.
 */
public final class FlowRecords implements StoreConsumer.Target {

  private final RecordProcessor processor;

  private FlowRecords(RecordProcessor processor) {
    this.processor = processor;
  }

  /** A target continuing from the store's committed state. */
  public static FlowRecords fromStore(Store store, IngestOptions options, IngestReport report) {
    return new FlowRecords(RecordProcessor.intoStore(store, options, report));
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> record, String location) {
    processor.evidence(Input.kafkaEvidence(record.topic(), record.partition()));
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
}
