package io.netpol.ingest;

import java.io.IOException;

/**
 * The lines of a JSON-lines input decoded ahead on other threads ({@link DecodeAhead}): the same
 * records as {@link JsonLineRecords}, in the same order. Fingerprints exist only where the reader
 * foresaw a commit, and before an unterminated last line; {@code --strict}, which may stop before
 * any line, reads without decoding ahead.
 */
final class AheadLineRecords implements RecordSource {
  private final DecodeAhead lines;
  private final String name;
  private long positionBefore;

  AheadLineRecords(DecodeAhead lines, String name, long start) {
    this.lines = lines;
    this.name = name;
    this.positionBefore = start;
  }

  private boolean started;

  @Override
  public boolean next() throws IOException {
    if (started) {
      positionBefore = lines.position();
    }
    started = true;
    return lines.next();
  }

  @Override
  public Kind kind() {
    if (lines.tooLong()) {
      return Kind.TOO_LONG;
    }
    return lines.blank() ? Kind.BLANK : Kind.RECORD;
  }

  @Override
  public String location() {
    return name + ":" + lines.lineNumber();
  }

  @Override
  public long length() {
    return lines.length();
  }

  @Override
  public boolean unterminated() {
    return lines.unterminated();
  }

  @Override
  public DecodeResult decode() {
    return lines.decode();
  }

  @Override
  public Position after() {
    return new Position(lines.position(), lines.lineNumber(), lines.tailAfter());
  }

  @Override
  public Position before() {
    String tail = lines.tailBefore();
    if (tail == null) {
      throw new IllegalStateException("no fingerprint before line " + lines.lineNumber());
    }
    return new Position(positionBefore, lines.lineNumber() - 1, tail);
  }

  @Override
  public Position end() {
    return new Position(lines.endPosition(), lines.endLineNumber(), lines.endTail());
  }

  @Override
  public Position failed() {
    return new Position(positionBefore, lines.failureLineNumber(), lines.failureTailBefore());
  }
}
