package io.netpol.ingest;

/**
 * The records of one self-contained message, as a message broker delivers it: JSON (one record, or
 * several newline-separated ones) when its first byte is {@code '{'}, else one binary Hubble
 * {@code Flow} or {@code GetFlowsResponse}. A message has no read position of its own: its offset
 * is committed by the consumer.
 */
final class MessageRecords implements RecordSource {
  static final String NOT_JSON_NOR_FLOW =
      "neither JSON (first byte is not '{') nor a Hubble protobuf Flow: ";

  private final byte[] value;
  private final String location;
  private final RecordProcessor processor;
  private final boolean json;
  private final boolean severalLines;
  private int start;
  private int end = -1;
  private int line;

  MessageRecords(byte[] value, String location, RecordProcessor processor) {
    this.value = value;
    this.location = location;
    this.processor = processor;
    this.json = value[0] == '{';
    int newline = indexOf((byte) '\n', 0);
    this.severalLines = json && newline >= 0 && newline < value.length - 1;
  }

  @Override
  public boolean next() {
    if (!json) {
      if (end >= 0) {
        return false;
      }
      start = 0;
      end = value.length;
      return true;
    }
    start = end + 1;
    if (start >= value.length) {
      return false;
    }
    int newline = indexOf((byte) '\n', start);
    end = newline < 0 ? value.length : newline;
    line++;
    return true;
  }

  @Override
  public Kind kind() {
    return json && LineReader.isBlank(value, start, end - start) ? Kind.BLANK : Kind.RECORD;
  }

  @Override
  public String location() {
    return severalLines ? location + " line " + line : location;
  }

  @Override
  public long length() {
    return end - start;
  }

  @Override
  public DecodeResult decode() {
    if (json) {
      return processor.decodeJson(value, start, end - start);
    }
    RawFlow flow = new RawFlow();
    try {
      if (!processor.protoDecoder().decodeOne(value, flow)) {
        return DecodeResult.skipped("Hubble non-flow response");
      }
    } catch (MalformedRecordException e) {
      return DecodeResult.malformed(NOT_JSON_NOR_FLOW + e.getMessage());
    }
    if (!flow.looksLikeFlow()) {
      return DecodeResult.malformed(NOT_JSON_NOR_FLOW + "no flow fields");
    }
    return processor.hubbleFlow(flow);
  }

  private int indexOf(byte c, int from) {
    for (int i = from; i < value.length; i++) {
      if (value[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
