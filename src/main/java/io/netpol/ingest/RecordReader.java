package io.netpol.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netpol.flow.LabelLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The first half of decoding a record, which depends on nothing but its bytes and so may run on any
 * thread, ahead of the second ({@link RecordDecoder#finish}): one JSON record of any supported
 * shape (Hubble through the scanner or Jackson's streaming parser, Calico Enterprise, Goldmane,
 * shipper wrappers around any of them: Fluent Bit's {@code {"log":"<json>"}}, Vector's {@code
 * message}), or one binary Hubble message. What it reads is a {@link Read}; malformed records and
 * Hubble's non-flow events are decided here. One instance per thread: its parsers keep per-record
 * state and memories.
 */
final class RecordReader {

  /**
   * A record as read: a Hubble flow (without its labels when Jackson read it: {@code bytes} are
   * then read again for them if an endpoint is new), a Calico or Goldmane record, or what decoding
   * decided already.
   */
  record Read(RawFlow flow, JsonNode calico, DecodeResult decided, byte[] bytes, int off, int len) {
    static Read decided(DecodeResult result) {
      return new Read(null, null, result, null, 0, 0);
    }
  }

  static final String NOT_JSON_NOR_FLOW =
      "neither JSON (first byte is not '{') nor a Hubble protobuf Flow: ";

  private static final int MAX_WRAPPING = 3;

  private final InputFormat format;
  private final JsonFactory factory;
  private final HubbleLineScanner scanner;
  private final HubbleJsonParser parser;
  private final HubbleProtoDecoder protobuf;

  /**
   * For records of other shapes than Hubble's; made when the first comes (most inputs have none).
   */
  private ObjectMapper mapper;

  RecordReader(InputFormat format, JsonFactory factory, LabelLimits labelLimits) {
    this.format = format;
    this.factory = factory;
    this.scanner = new HubbleLineScanner(labelLimits);
    this.parser = new HubbleJsonParser(factory, labelLimits);
    this.protobuf = new HubbleProtoDecoder(labelLimits);
  }

  /** Reads the JSON record {@code buf[off, off + len)}. */
  Read json(byte[] buf, int off, int len) {
    return json(buf, off, len, 0);
  }

  private Read json(byte[] buf, int off, int len, int depth) {
    try {
      // Whether the record may be a shipper's wrapper around JSON text (else Jackson's tree says).
      boolean wrapper = true;
      if (format == InputFormat.AUTO || format == InputFormat.HUBBLE) {
        RawFlow flow = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
        HubbleJsonParser.Shape shape = scanner.scan(buf, off, len, flow);
        String nonFlowKind = scanner.nonFlowKind;
        wrapper = shape == HubbleJsonParser.Shape.FOREIGN && scanner.wrapper;
        if (shape == null) {
          flow = new RawFlow();
          shape = parser.parse(buf, off, len, flow, false);
          nonFlowKind = parser.nonFlowKind;
        }
        if (shape == HubbleJsonParser.Shape.FLOW) {
          flow.warmHashes();
          return new Read(flow, null, null, buf, off, len);
        }
        if (shape == HubbleJsonParser.Shape.NON_FLOW) {
          return Read.decided(
              DecodeResult.skipped("Hubble " + nonFlowKind + " event (not a flow)"));
        }
      }
      byte[] text = wrapper ? ShipperText.unwrap(buf, off, len) : null;
      if (text != null) {
        return depth >= MAX_WRAPPING ? tooDeep() : json(text, 0, text.length, depth + 1);
      }
      if (mapper == null) {
        mapper = new ObjectMapper(factory);
      }
      JsonNode node = mapper.readTree(buf, off, len);
      if (node == null || !node.isObject()) {
        return Read.decided(DecodeResult.malformed("not a JSON object"));
      }
      JsonNode wrapped = wrapped(node);
      if (wrapped != null) {
        if (depth >= MAX_WRAPPING) {
          return tooDeep();
        }
        byte[] inner = wrapped.asText().getBytes(StandardCharsets.UTF_8);
        return json(inner, 0, inner.length, depth + 1);
      }
      if (format != InputFormat.HUBBLE
          && (CalicoParser.isGoldmane(node) || CalicoParser.isEnterprise(node))) {
        return new Read(null, node, null, null, 0, 0);
      }
      return Read.decided(
          DecodeResult.malformed(
              format == InputFormat.AUTO
                  ? "not a Hubble, Calico or Goldmane flow record"
                  : "not a " + format.cliName() + " record (wrong --format?)"));
    } catch (MalformedRecordException e) {
      // Parsers stop at the first field they cannot read; the record is malformed, not the run.
      return Read.decided(DecodeResult.malformed(e.getMessage()));
    } catch (JsonProcessingException e) {
      return Read.decided(DecodeResult.malformed("invalid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return Read.decided(DecodeResult.malformed("invalid JSON: " + e.getMessage()));
    }
  }

  private static Read tooDeep() {
    return Read.decided(DecodeResult.malformed("wrapped more than " + MAX_WRAPPING + " times"));
  }

  /**
   * Reads one binary Hubble {@code Flow} or {@code GetFlowsResponse} that stands alone (a message
   * broker's record), deciding for it alone which of the two it is.
   */
  Read protobuf(byte[] message) {
    RawFlow flow = new RawFlow();
    try {
      if (!protobuf.decodeOne(message, flow)) {
        return Read.decided(DecodeResult.skipped("Hubble non-flow response"));
      }
    } catch (MalformedRecordException e) {
      return Read.decided(DecodeResult.malformed(NOT_JSON_NOR_FLOW + e.getMessage()));
    }
    if (!flow.looksLikeFlow()) {
      return Read.decided(DecodeResult.malformed(NOT_JSON_NOR_FLOW + "no flow fields"));
    }
    flow.warmHashes();
    return new Read(flow, null, null, null, 0, 0);
  }

  /** The JSON text a shipper wrapped the record in, or null. */
  static JsonNode wrapped(JsonNode node) {
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
        return TextNode.valueOf(v.toString());
      }
    }
    return null;
  }
}
