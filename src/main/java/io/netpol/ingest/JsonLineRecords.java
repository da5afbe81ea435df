package io.netpol.ingest;

import java.io.IOException;

/** The lines of a JSON-lines input, read and decoded one at a time on the calling thread. */
final class JsonLineRecords implements RecordSource {
  private final LineReader lines;
  private final RecordProcessor processor;
  private final String name;
  private long positionBefore;

  JsonLineRecords(LineReader lines, RecordProcessor processor, String name) {
    this.lines = lines;
    this.processor = processor;
    this.name = name;
    this.positionBefore = lines.position;
  }

  @Override
  public boolean next() throws IOException {
    positionBefore = lines.position;
    return lines.next();
  }

  @Override
  public Kind kind() {
    if (lines.tooLong) {
      return Kind.TOO_LONG;
    }
    return LineReader.isBlank(lines.buf, lines.off, lines.len) ? Kind.BLANK : Kind.RECORD;
  }

  @Override
  public String location() {
    return name + ":" + lines.lineNumber;
  }

  @Override
  public long length() {
    return lines.len;
  }

  @Override
  public boolean unterminated() {
    return lines.unterminated;
  }

  @Override
  public DecodeResult decode() {
    return processor.decodeJson(lines.buf, lines.off, lines.len);
  }

  @Override
  public Position after() {
    return new Position(lines.position, lines.lineNumber, lines.tail.hash());
  }

  @Override
  public Position before() {
    return new Position(positionBefore, lines.lineNumber - 1, lines.tail.savedHash());
  }

  @Override
  public Position failed() {
    // The line being read when it failed is not counted in lineNumber yet.
    return new Position(positionBefore, lines.lineNumber, lines.tail.savedHash());
  }
}
