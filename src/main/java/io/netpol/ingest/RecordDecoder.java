package io.netpol.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.LabelPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one JSON line of any supported shape: Hubble (fast streaming path), Calico Enterprise,
 * Goldmane, and shipper wrappers around any of them (Fluent Bit's {@code {"log":"<json>"}},
 * Vector's {@code message} and added fields).
 */
final class RecordDecoder {

  /**
   * A record as read ahead ({@link #preparse}): the flow read without labels, to finish with {@link
   * #decodePreparsed}, or what decoding it decided already.
   */
  record Preparsed(RawFlow flow, DecodeResult decided) {}

  private static final int MAX_WRAPPING = 3;

  private final InputFormat format;
  private final JsonFactory factory;

  /**
   * For records of other shapes than Hubble's; made when the first comes (most inputs have none).
   */
  private ObjectMapper mapper;

  private final HubbleJsonParser hubbleParser;
  private final HubbleLineScanner scanner;
  private final HubbleFlows hubbleFlows;
  private final CalicoParser calicoParser;

  /** Reused for every line: decoding allocates nothing per record that it can avoid. */
  private final RawFlow flow = new RawFlow();

  private final LabelLimits labelLimits;

  RecordDecoder(InputFormat format, LabelPolicy labelPolicy) {
    this.format = format;
    this.labelLimits = labelPolicy.limits();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    this.factory = factory;
    this.hubbleParser = new HubbleJsonParser(factory, labelLimits);
    this.scanner = new HubbleLineScanner(labelLimits);
    this.hubbleFlows = new HubbleFlows(labelPolicy);
    this.calicoParser = new CalicoParser(labelPolicy);
  }

  HubbleFlows hubbleFlows() {
    return hubbleFlows;
  }

  /** Decodes one JSON record into {@code sink}. */
  DecodeResult decode(byte[] buf, int off, int len, IngestSink sink) {
    return decode(buf, off, len, sink, 0, null);
  }

  /**
   * What one thread reading ahead reads with: its own scanner and parser, which keep per-record
   * state and memories of their own.
   */
  static final class Reader {
    private final HubbleLineScanner scanner;
    private final HubbleJsonParser parser;

    private Reader(HubbleLineScanner scanner, HubbleJsonParser parser) {
      this.scanner = scanner;
      this.parser = parser;
    }
  }

  /** A reader for {@link #preparse} on another thread. */
  Reader newReader() {
    return new Reader(
        new HubbleLineScanner(labelLimits), new HubbleJsonParser(factory, labelLimits));
  }

  /**
   * The part of {@link #decode} that depends on nothing but the record's bytes, so that it can run
   * ahead on other threads ({@link DecodeAhead}): the first read of a Hubble flow and the checks of
   * its addresses and names. Touches none of this decoder's state; {@code reader} must be the
   * calling thread's own.
   *
   * @return the flow read, or what {@link #decode} would decide for the record (a malformed one, a
   *     Hubble non-flow event); null when the record is not a Hubble flow and must be decoded whole
   */
  Preparsed preparse(Reader reader, byte[] buf, int off, int len) {
    if (format != InputFormat.AUTO && format != InputFormat.HUBBLE) {
      return null;
    }
    RawFlow scanned = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
    HubbleJsonParser.Shape shape = reader.scanner.scan(buf, off, len, scanned);
    if (shape != null) {
      return preparsed(shape, scanned, reader.scanner.nonFlowKind);
    }
    try {
      RawFlow flow = new RawFlow();
      shape = reader.parser.parse(buf, off, len, flow, false);
      return preparsed(shape, flow, reader.parser.nonFlowKind);
    } catch (MalformedRecordException e) {
      return new Preparsed(null, DecodeResult.malformed(e.getMessage()));
    } catch (JsonProcessingException e) {
      return new Preparsed(null, DecodeResult.malformed("invalid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return new Preparsed(null, DecodeResult.malformed("invalid JSON: " + e.getMessage()));
    }
  }

  private static Preparsed preparsed(HubbleJsonParser.Shape shape, RawFlow flow, String nonFlow) {
    if (shape == HubbleJsonParser.Shape.NON_FLOW) {
      return new Preparsed(null, nonFlow(nonFlow));
    }
    if (shape != HubbleJsonParser.Shape.FLOW) {
      return null;
    }
    flow.warmHashes();
    return new Preparsed(flow, null);
  }

  private static DecodeResult nonFlow(String kind) {
    return DecodeResult.skipped("Hubble " + kind + " event (not a flow)");
  }

  /**
   * Finishes decoding a record {@link #preparse} read ({@code preparsed} as it returned it): the
   * same as {@link #decode}, without reading the record a first time again.
   */
  DecodeResult decodePreparsed(Preparsed preparsed, byte[] buf, int off, int len, IngestSink sink) {
    if (preparsed != null && preparsed.decided() != null) {
      return preparsed.decided();
    }
    return decode(buf, off, len, sink, 0, preparsed == null ? null : preparsed.flow());
  }

  /** One Hubble flow decoded from binary protobuf (its labels read). */
  DecodeResult hubbleFlow(RawFlow flow, IngestSink sink) {
    return hubbleFlows.observe(flow, sink);
  }

  private DecodeResult decode(
      byte[] buf, int off, int len, IngestSink sink, int depth, RawFlow preparsed) {
    try {
      if (format == InputFormat.AUTO || format == InputFormat.HUBBLE) {
        RawFlow flow = preparsed;
        HubbleJsonParser.Shape shape = HubbleJsonParser.Shape.FLOW;
        String nonFlowKind = null;
        if (preparsed == null) {
          flow = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
          shape = scanner.scan(buf, off, len, flow);
          nonFlowKind = scanner.nonFlowKind;
          if (shape == null) {
            flow = this.flow;
            flow.reset();
            shape = hubbleParser.parse(buf, off, len, flow, false);
            nonFlowKind = hubbleParser.nonFlowKind;
          }
        }
        if (shape == HubbleJsonParser.Shape.FLOW) {
          DecodeResult result = hubbleFlows.observe(flow, sink);
          if (result.outcome() == DecodeResult.Outcome.NEEDS_LABELS) {
            flow.reset();
            hubbleParser.parse(buf, off, len, flow, true);
            result = hubbleFlows.observe(flow, sink);
          }
          return result;
        }
        if (shape == HubbleJsonParser.Shape.NON_FLOW) {
          return nonFlow(nonFlowKind);
        }
      }
      if (mapper == null) {
        mapper = new ObjectMapper(factory);
      }
      JsonNode node = mapper.readTree(buf, off, len);
      if (node == null || !node.isObject()) {
        return DecodeResult.malformed("not a JSON object");
      }
      JsonNode wrapped = wrapped(node);
      if (wrapped != null) {
        if (depth >= MAX_WRAPPING) {
          return DecodeResult.malformed("wrapped more than " + MAX_WRAPPING + " times");
        }
        byte[] inner = wrapped.asText().getBytes(StandardCharsets.UTF_8);
        return decode(inner, 0, inner.length, sink, depth + 1, null);
      }
      if (format != InputFormat.HUBBLE && CalicoParser.isGoldmane(node)) {
        calicoParser.parse(node, sink);
        return DecodeResult.STORED;
      }
      if (format != InputFormat.HUBBLE && CalicoParser.isEnterprise(node)) {
        calicoParser.parse(node, sink);
        return DecodeResult.STORED;
      }
      return DecodeResult.malformed(
          format == InputFormat.AUTO
              ? "not a Hubble, Calico or Goldmane flow record"
              : "not a " + format.cliName() + " record (wrong --format?)");
    } catch (MalformedRecordException e) {
      // Parsers stop at the first field they cannot read; the record is malformed, not the run.
      return DecodeResult.malformed(e.getMessage());
    } catch (JsonProcessingException e) {
      return DecodeResult.malformed("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return DecodeResult.malformed("invalid JSON: " + e.getMessage());
    }
  }

  /** The JSON text a shipper wrapped the record in, or null. */
  private static JsonNode wrapped(JsonNode node) {
    for (String field : new String[] {"log", "message"}) {
      JsonNode v = node.get(field);
      if (v != null && v.isTextual()) {
        String text = v.asText().trim();
        if (text.startsWith("{")) {
          return v;
        }
        throw new MalformedRecordException(
            "shipper record whose \""
                + field
                + "\" is not JSON (configure the shipper's JSON parser)");
      }
      if (v != null && v.isObject() && !node.has("flow")) {
        // Shippers that parsed the JSON nest it as an object.
        return mapperText(v);
      }
    }
    return null;
  }

  private static JsonNode mapperText(JsonNode v) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(v.toString());
  }
}
