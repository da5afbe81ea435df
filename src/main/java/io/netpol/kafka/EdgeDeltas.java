package io.netpol.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Input;
import io.netpol.ingest.Problem;
import io.netpol.proto.v1.EdgeDelta;
import io.netpol.proto.v1.NamespaceLabels;
import io.netpol.store.IngestBatch;
import io.netpol.store.IngestWriter;
import io.netpol.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The second stage of the scale-out pipeline: folds the edge deltas the first stages published
 * ({@code observe --emit-edges}) into the store. Deduplication already happened upstream, so this
 * only adds counts, times, label sets and namespace labels.
 */
public final class EdgeDeltas implements StoreConsumer.Target {

  /** A delta that would leave an edge with fewer than no connections; %,d: delta, stored count. */
  static final String NEGATIVE_COUNT =
      "edge delta of %,d connections would make the edge's count (%,d) negative; rejected, nothing"
          + " applied (only observe --emit-edges may write the edge topic: check its ACLs)";

  private final IngestWriter writer;
  private final IngestReport report;
  private IngestBatch batch = new IngestBatch();

  public EdgeDeltas(Store store, IngestReport report) {
    this.writer = store.ingestWriter();
    this.report = report;
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> record, Supplier<String> where) {
    String location = where.get();
    byte[] value = record.value();
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    report.record(value == null ? 0 : value.length);
    batch.countRecord();
    try {
      if (key.startsWith(EdgeCodec.NAMESPACE_KEY_PREFIX)) {
        NamespaceLabels ns = NamespaceLabels.parseFrom(value);
        batch.namespaceLabels(ns.getNamespace(), EdgeCodec.labels(ns.getLabelsList()));
      } else if (key.startsWith(EdgeCodec.EDGE_KEY_PREFIX)) {
        fold(
            EdgeDelta.parseFrom(value),
            Input.kafkaEvidence(record.topic(), record.partition()),
            location);
      } else {
        report.malformed(
            new Problem(
                location,
                "not an edge delta (key \""
                    + key
                    + "\"); is --edges-topic the topic --emit-edges writes?"));
      }
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      report.malformed(new Problem(location, "invalid edge delta: " + e.getMessage()));
    }
  }

  private void fold(EdgeDelta d, String evidence, String location) {
    Endpoint client = d.hasClient() ? EdgeCodec.endpoint(d.getClient()) : null;
    Endpoint server = d.hasServer() ? EdgeCodec.endpoint(d.getServer()) : null;
    if (client == null || server == null) {
      throw new IllegalArgumentException("client or server missing");
    }
    EdgeKey edge =
        new EdgeKey(
            client.key(),
            server.key(),
            d.getPort(),
            EdgeCodec.protocol(d.getProtocol()),
            EdgeCodec.verdict(d.getVerdict()));
    if (d.getCountDelta() < 0) {
      long count = writer.storedCount(edge) + batch.pendingCount(edge);
      if (count + d.getCountDelta() < 0) {
        report.malformed(
            new Problem(location, String.format(NEGATIVE_COUNT, d.getCountDelta(), count)));
        return;
      }
    }
    // Positive deltas carry the labels and DNS names seen; the others only the identity.
    batch.add(
        edge,
        client,
        server,
        d.getCountDelta(),
        d.getFirstSeenUnixMs(),
        d.getLastSeenUnixMs(),
        evidence);
  }

  @Override
  public IngestBatch batch() {
    return batch;
  }

  @Override
  public void commit() {
    IngestBatch b = batch;
    batch = new IngestBatch();
    if (!b.isEmpty()) {
      writer.commit(b);
    }
  }
}
