package io.netpol.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.LabelPolicy;
import java.io.IOException;

/**
 * Decodes records of any supported shape into a sink in two halves: what depends on the record's
 * bytes alone ({@link RecordReader}, on any thread, ahead), then what depends on the records before
 * it ({@link #finish}, on the thread that owns this decoder, in record order): the endpoints and
 * workload names learned so far, and through the sink the deduplication and the batch. Decoding a
 * record on one thread is the same two halves one after the other.
 */
final class RecordDecoder {

  private final InputFormat format;
  private final JsonFactory factory;
  private final LabelLimits labelLimits;
  private final HubbleJsonParser hubbleParser;
  private final HubbleFlows hubbleFlows;
  private final CalicoParser calicoParser;

  /** The owning thread's reader, for records it decodes whole. */
  private final RecordReader reader;

  RecordDecoder(InputFormat format, LabelPolicy labelPolicy) {
    this.format = format;
    this.labelLimits = labelPolicy.limits();
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    this.hubbleParser = new HubbleJsonParser(factory, labelLimits);
    this.hubbleFlows = new HubbleFlows(labelPolicy);
    this.calicoParser = new CalicoParser(labelPolicy);
    this.reader = newReader();
  }

  HubbleFlows hubbleFlows() {
    return hubbleFlows;
  }

  /** A reader of records as this decoder reads them, for another thread. */
  RecordReader newReader() {
    return new RecordReader(format, factory, labelLimits);
  }

  /** Decodes one JSON record into {@code sink}. */
  DecodeResult decode(byte[] buf, int off, int len, IngestSink sink) {
    return finish(reader.json(buf, off, len), sink);
  }

  /** Decodes one self-contained binary Hubble message (a message broker's record). */
  DecodeResult decodeProtobuf(byte[] message, IngestSink sink) {
    return finish(reader.protobuf(message), sink);
  }

  /**
   * The second half of decoding a record {@code read} by a {@link RecordReader} of this decoder:
   * hands its observation to {@code sink}, or says why it carries none.
   */
  DecodeResult finish(RecordReader.Read read, IngestSink sink) {
    if (read.decided() != null) {
      return read.decided();
    }
    try {
      if (read.flow() != null) {
        RawFlow flow = read.flow();
        DecodeResult result = hubbleFlows.observe(flow, sink);
        if (result.outcome() == DecodeResult.Outcome.NEEDS_LABELS) {
          flow.reset();
          hubbleParser.parse(read.bytes(), read.off(), read.len(), flow, true);
          result = hubbleFlows.observe(flow, sink);
        }
        return result;
      }
      calicoParser.parse(read.calico(), sink);
      return DecodeResult.STORED;
    } catch (MalformedRecordException e) {
      // Parsers stop at the first field they cannot read; the record is malformed, not the run.
      return DecodeResult.malformed(e.getMessage());
    } catch (JsonProcessingException e) {
      return DecodeResult.malformed("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return DecodeResult.malformed("invalid JSON: " + e.getMessage());
    }
  }

  /** One Hubble flow decoded from binary protobuf (its labels read). */
  DecodeResult hubbleFlow(RawFlow flow, IngestSink sink) {
    return hubbleFlows.observe(flow, sink);
  }
}
