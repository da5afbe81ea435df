package io.netpol.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * A binary Hubble export: varint-length-delimited {@code Flow} or {@code GetFlowsResponse}
 * messages. Framing that cannot be right ends the input: at its start the input is no flow log at
 * all, later it is corrupt there and what came before stands.
 */
final class DelimitedMessages implements RecordSource {

  /** A length prefix past the first message that no message can have. */
  static final String BAD_LENGTH =
      "message length %s is not valid (negative, or over --max-record-size %,d bytes): the file is"
          + " corrupt here; everything before it is stored";

  private final InputStream in;
  private final RecordProcessor processor;
  private final HubbleProtoDecoder decoder;
  private final String name;
  private final int maxRecordBytes;
  private final TailBuffer tail = new TailBuffer();
  private final byte[] prefixBytes = new byte[10];
  final ContentMarks marks;
  private long position;
  private long index;
  private long positionBefore;
  private byte[] message;
  private String location;
  private Problem endProblem;
  private boolean notAFlowLog;

  DelimitedMessages(
      InputStream in,
      RecordProcessor processor,
      String name,
      int maxRecordBytes,
      InputMatcher.Start from) {
    this.in = in;
    this.processor = processor;
    // A stream's first message decides Flow or GetFlowsResponse for the stream: a decoder per
    // input.
    this.decoder = processor.newProtoDecoder();
    this.name = name;
    this.maxRecordBytes = maxRecordBytes;
    this.position = from.position();
    this.index = from.line();
    this.positionBefore = position;
    tail.append(from.before(), 0, from.before().length);
    marks = new ContentMarks(from.position());
  }

  @Override
  public boolean next() throws IOException {
    tail.save();
    positionBefore = position;
    location = name + ": message " + (index + 1) + " at byte " + position;
    int prefix;
    try {
      prefix = readVarint();
    } catch (MalformedRecordException | java.io.EOFException e) {
      return stop(e.getMessage() + "; everything before it is stored");
    }
    if (prefix == 0) {
      return false;
    }
    long length = decodeVarint(prefix);
    // A ten-byte varint can decode to a negative number: as wrong as one over the limit.
    if (length < 0 || length > maxRecordBytes) {
      return stop(String.format(BAD_LENGTH, Long.toUnsignedString(length), maxRecordBytes));
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      return stop("truncated message at end of input; everything before it is stored");
    }
    message = bytes;
    tail.append(prefixBytes, 0, prefix);
    tail.append(bytes, 0, bytes.length);
    index++;
    position += prefix + length;
    marks.boundary(position, index, tail);
    return true;
  }

  /** Ends the input at a frame that cannot be read: no flow log at its start, corrupt later. */
  private boolean stop(String reason) {
    if (index == 0) {
      notAFlowLog = true;
    } else {
      endProblem = new Problem(location, reason);
    }
    return false;
  }

  @Override
  public Kind kind() {
    return Kind.RECORD;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public long length() {
    return message.length;
  }

  @Override
  public DecodeResult decode() {
    RawFlow flow = new RawFlow();
    boolean isFlow;
    try {
      isFlow = decoder.decode(message, flow);
    } catch (MalformedRecordException e) {
      return DecodeResult.malformed(e.getMessage());
    }
    if (!isFlow) {
      return DecodeResult.skipped("Hubble non-flow response");
    }
    if (index == 1 && !flow.looksLikeFlow()) {
      return DecodeResult.malformed("no flow fields");
    }
    return processor.hubbleFlow(flow);
  }

  @Override
  public boolean sniffing() {
    return index == 1;
  }

  @Override
  public Position after() {
    return new Position(position, index, tail.hash());
  }

  @Override
  public Position before() {
    return new Position(positionBefore, index - 1, tail.savedHash());
  }

  @Override
  public Problem endProblem() {
    return endProblem;
  }

  @Override
  public boolean notAFlowLog() {
    return notAFlowLog;
  }

  /** Reads a varint's bytes; returns how many (0 at a clean end of input). */
  private int readVarint() throws IOException {
    for (int i = 0; i < prefixBytes.length; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return 0;
        }
        throw new java.io.EOFException("truncated length prefix");
      }
      prefixBytes[i] = (byte) b;
      if ((b & 0x80) == 0) {
        return i + 1;
      }
    }
    throw new MalformedRecordException("bad length prefix");
  }

  private long decodeVarint(int n) {
    long value = 0;
    for (int i = 0; i < n; i++) {
      value |= (long) (prefixBytes[i] & 0x7f) << (7 * i);
    }
    return value;
  }
}
