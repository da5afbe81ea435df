package io.netpol.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The records of one self-contained message, as a message broker delivers it: JSON (one record, or
 * several newline-separated ones) when its first byte is {@code '{'}, else one binary Hubble
 * {@code Flow} or {@code GetFlowsResponse}. A message has no read position of its own: its offset
 * is committed by the consumer.
 */
final class MessageRecords implements RecordSource {

  /**
   * A message as read ahead ({@link #readAhead}): its records, and where its first line ends (so
   * that the usual message of one record is not searched for line ends again).
   */
  record Ahead(RecordReader.Read[] records, int firstNewline) {}

  private final byte[] value;
  private final Supplier<String> location;
  private final RecordProcessor processor;

  /** The message as read ahead, or null to read it here. */
  private final Ahead ahead;

  private final boolean json;
  private final int firstNewline;
  private final boolean severalLines;
  private int record;
  private int start;
  private int end = -1;
  private int line;

  MessageRecords(byte[] value, Supplier<String> location, RecordProcessor processor, Ahead ahead) {
    this.value = value;
    this.location = location;
    this.processor = processor;
    this.ahead = ahead;
    this.json = value[0] == '{';
    this.firstNewline =
        ahead != null
            ? ahead.firstNewline()
            : json ? ByteWords.indexOf(value, 0, value.length, (byte) '\n') : -1;
    this.severalLines = firstNewline >= 0 && firstNewline < value.length - 1;
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
    int newline =
        start == 0 ? firstNewline : ByteWords.indexOf(value, start, value.length, (byte) '\n');
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
    return severalLines ? location.get() + " line " + line : location.get();
  }

  @Override
  public long length() {
    return end - start;
  }

  @Override
  public DecodeResult decode() {
    if (ahead != null) {
      return processor.finish(ahead.records()[record++]);
    }
    return json ? processor.decodeJson(value, start, end - start) : processor.decodeProtobuf(value);
  }

  /**
   * The first half of decoding every record of a message ({@link RecordReader}), in the order a
   * {@link MessageRecords} of it decodes them: on any thread, ahead.
   */
  static Ahead readAhead(byte[] value, RecordReader reader) {
    MessageRecords records = new MessageRecords(value, null, null, null);
    List<RecordReader.Read> read = new ArrayList<>(1);
    while (records.next()) {
      if (records.kind() == Kind.RECORD) {
        read.add(
            records.json
                ? reader.json(value, records.start, records.end - records.start)
                : reader.protobuf(value));
      }
    }
    return new Ahead(read.toArray(RecordReader.Read[]::new), records.firstNewline);
  }
}
