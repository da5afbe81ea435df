package io.netpol.ingest;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.store.IngestBatch;
import io.netpol.store.IngestWriter;
import io.netpol.store.Store;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one path every record takes, whatever it was read from: the {@link RecordLoop} (count,
 * decode, report, commit) → decode (JSON of any shape, or a binary Hubble message, into a {@link
 * DecodeResult}) → deduplicate ({@link ConnectionTracker}) → aggregate. Files ({@link Ingestor})
 * and Kafka messages ({@link #message}) are {@link RecordSource}s of the same loop; files commit
 * their batches with read positions, Kafka consumers commit with their offsets.
 *
 * <p>Into the store ({@link #intoStore}): changes gather in {@link #batch()} and {@link #commit()}
 * writes them with the deduplication memory in one transaction. Into an {@link Output} ({@link
 * #intoOutput}, for pre-aggregating stages that publish instead of storing): changes go straight to
 * the output and {@link #flush()} hands over the last sightings of the batch.
 */
public final class RecordProcessor {

  /** Where counted connections go when they do not go to the store. */
  public interface Output {
    /** {@code client}/{@code server} are null when the delta only moves a count or a time. */
    void delta(
        EdgeKey edge, Endpoint client, Endpoint server, long delta, long timeMs, String evidence);

    void namespaceLabels(String namespace, Map<String, String> labels);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final IngestReport report;
  private final IngestWriter writer;
  private final Output output;
  private final ConnectionTracker tracker;
  private final RecordDecoder decoder;
  private final IngestOptions options;
  private final RecordLoop loop;
  private final Sink sink = new Sink();
  private IngestBatch batch = new IngestBatch();
  private String evidence;
  private WriteBehind writeBehind;
  private boolean ownsWriteBehind;
  private MessagesAhead ahead;

  private RecordProcessor(
      IngestOptions options, IngestReport report, IngestWriter writer, Output output) {
    this.report = report;
    this.writer = writer;
    this.output = output;
    this.tracker =
        new ConnectionTracker(options.dedupWindow().toMillis(), options.memoryCapacity(), sink);
    this.decoder = new RecordDecoder(options.format(), options.labelPolicy());
    this.options = options;
    this.loop = new RecordLoop(this, report, options);
    report.labelLimits(options.labelPolicy().limits());
  }

  /**
   * A processor continuing from the store's state: the deduplication memory and the label sets
   * already seen (so label-less flows still name their workload) are loaded.
   */
  public static RecordProcessor intoStore(Store store, IngestOptions options, IngestReport report) {
    return intoStore(store, store.ingestWriter(), options, report);
  }

  /** The same, committing through {@code writer} (the one the caller reads checkpoints with). */
  static RecordProcessor intoStore(
      Store store, IngestWriter writer, IngestOptions options, IngestReport report) {
    RecordProcessor p = new RecordProcessor(options, report, writer, null);
    p.writer.loadMemory(p.tracker::restore);
    store
        .edges()
        .workloadLabelSets()
        .forEach(
            (key, sets) -> {
              for (var labels : sets) {
                p.decoder.hubbleFlows().learn(key.namespace(), labels, key.workload());
              }
            });
    return p;
  }

  /** A processor that starts with an empty memory and hands every change to {@code output}. */
  public static RecordProcessor intoOutput(
      Output output, IngestOptions options, IngestReport report) {
    return new RecordProcessor(options, report, null, output);
  }

  public IngestReport report() {
    return report;
  }

  /** The batch being gathered (store mode); the reader adds read positions to it. */
  public IngestBatch batch() {
    return batch;
  }

  /** Names the source of the evidence that follows (a file, a topic partition). */
  public void evidence(String source) {
    this.evidence = source;
  }

  /** The loop every record of this processor goes through. */
  RecordLoop loop() {
    return loop;
  }

  /**
   * Messages are read ahead by {@code ahead} from now on ({@link MessagesAhead#poll} tells it the
   * next ones); {@link #message} finishes them in order, and reads any it was not given itself.
   */
  public void readAhead(MessagesAhead ahead) {
    this.ahead = ahead;
  }

  /** Decodes one JSON record of any supported shape into the batch (or the output). */
  DecodeResult decodeJson(byte[] buf, int off, int len) {
    return decoder.decode(buf, off, len, sink);
  }

  /** Decodes one self-contained binary Hubble message into the batch (or the output). */
  DecodeResult decodeProtobuf(byte[] message) {
    return decoder.decodeProtobuf(message, sink);
  }

  /** The decoder, for its readers ({@link RecordDecoder#newReader}) on other threads. */
  RecordDecoder decoder() {
    return decoder;
  }

  /**
   * Finishes decoding a record a reader of {@link #decoder()} read ahead; on the caller's thread,
   * in record order.
   */
  DecodeResult finish(RecordReader.Read read) {
    return decoder.finish(read, sink);
  }

  /** One flow decoded from binary protobuf. */
  DecodeResult hubbleFlow(RawFlow flow) {
    return decoder.hubbleFlow(flow, sink);
  }

  /** A decoder for one stream of binary messages (its first message decides for the stream). */
  HubbleProtoDecoder newProtoDecoder() {
    return new HubbleProtoDecoder(options.labelPolicy().limits());
  }

  /**
   * One self-contained message, as a message broker delivers it: JSON (one record, or several
   * newline-separated ones) when its first byte is {@code '{'}, else one binary Hubble {@code Flow}
   * or {@code GetFlowsResponse}. Records that cannot be read are reported with {@code location}
   * (and their line within the message) and skipped; they never stop the reader. The caller
   * commits.
   */
  public void message(byte[] value, String location) {
    message(value, () -> location);
  }

  /** The same, {@code location} asked for only when a record of the message has a problem. */
  public void message(byte[] value, Supplier<String> location) {
    if (value == null || value.length == 0) {
      report.skipped("empty message");
      return;
    }
    MessageRecords.Ahead read = ahead == null ? null : ahead.take(value);
    try {
      loop.run(new MessageRecords(value, location, this, read), null, ProgressListener.NONE, null);
    } catch (IOException e) {
      throw new IllegalStateException("a message in memory cannot fail to read", e);
    }
  }

  /**
   * Writes the batch, the deduplication memory's changes and the batch's read positions in one
   * transaction: on this thread, or with {@link #writeBehind} on the writing thread while the next
   * batch is read.
   */
  public void commit() {
    batch.trackerChanges(tracker.changed(), tracker.evicted());
    if (writeBehind == null) {
      if (!batch.isEmpty()) {
        write(batch);
      }
      tracker.clearChanges();
      batch = new IngestBatch();
      return;
    }
    IngestBatch done = batch;
    tracker.clearChanges();
    batch = new IngestBatch();
    if (!done.isEmpty()) {
      writeBehind.submit(() -> write(done));
    }
  }

  private void write(IngestBatch done) {
    long started = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    writer.commit(done);
    report.committed(System.nanoTime() - started, THREADS.getCurrentThreadCpuTime() - cpu);
  }

  /**
   * Commits are written by {@code behind} from now on, or again on the committing thread when null.
   */
  void writeBehind(WriteBehind behind) {
    this.writeBehind = behind;
  }

  /**
   * Commits are written on a thread of this processor's own from now on, while the next batch is
   * read; {@link #commit} then rethrows what failed writing the one before, {@link #written} waits
   * for the last, {@link #close} ends the thread.
   */
  public void writeBehind() {
    this.writeBehind = new WriteBehind(1);
    this.ownsWriteBehind = true;
  }

  /** Whether commits are written on another thread ({@link #writeBehind()}). */
  public boolean writesBehind() {
    return writeBehind != null;
  }

  /**
   * Returns once every commit is in the store (before anything else uses the store's connection);
   * rethrows what failed writing one.
   */
  public void written() {
    if (writeBehind != null) {
      writeBehind.await();
    }
  }

  /**
   * Ends the thread of {@link #writeBehind()} once what was handed over is written (or, after a
   * failed write, was given up); what failed is {@link #written}'s to rethrow, not this.
   */
  public void close() {
    if (ownsWriteBehind) {
      try {
        writeBehind.await();
      } catch (RuntimeException given) {
        // already told by written() or commit(), or to be dropped with this processor
      } finally {
        writeBehind.close();
      }
    }
  }

  /** Output mode: hands the batch's latest sightings to the output and starts the next batch. */
  public void flush() {
    tracker.changed();
    tracker.clearChanges();
    batch = new IngestBatch();
  }

  /** Parsers and the tracker deliver here. */
  private final class Sink implements IngestSink, ConnectionTracker.EdgeDeltaSink {
    @Override
    public void packet(PacketObservation observation) {
      tracker.packet(observation);
    }

    @Override
    public void report(ObservedConnection connection, Reporter reporter) {
      tracker.report(connection, reporter);
    }

    @Override
    public void labelsCut(LabelCut cut) {
      report.labelsCut(cut);
    }

    @Override
    public void namespaceLabels(String namespace, Map<String, String> labels) {
      if (output != null) {
        output.namespaceLabels(namespace, labels);
      } else {
        batch.namespaceLabels(namespace, labels);
      }
    }

    @Override
    public void delta(EdgeKey edge, Endpoint client, Endpoint server, long delta, long timeMs) {
      if (output != null) {
        output.delta(edge, client, server, delta, timeMs, evidence);
      } else {
        batch.delta(edge, client, server, delta, timeMs, evidence);
      }
      report.connections(delta);
    }
  }
}
