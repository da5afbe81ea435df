package io.netpol.ingest;

import java.io.IOException;

/**
 * The records of one input, in order, as {@link RecordLoop} reads them: JSON lines, lines decoded
 * ahead, length-delimited protobuf messages, the records of one Kafka message. A source knows its
 * framing and where each record lies; what a record means, how it is counted and when a batch is
 * committed is the loop's.
 */
interface RecordSource {

  /** What the current record is. */
  enum Kind {
    RECORD,
    /** White space only: neither a record nor a problem. */
    BLANK,
    /** Over the size limit: consumed unread, a problem. */
    TOO_LONG
  }

  /** Where a read stands: bytes and records consumed, and the fingerprint of the bytes before. */
  record Position(long position, long line, String tail) {}

  /**
   * Moves to the next record.
   *
   * @return false at the end of the input, clean or not ({@link #endProblem}, {@link #notAFlowLog})
   * @throws IOException when reading fails inside a record ({@link #failed} tells where)
   */
  boolean next() throws IOException;

  Kind kind();

  /**
   * The current record's place, for messages: {@code file:line}, {@code topic/partition/offset}.
   */
  String location();

  /** The current record's size in bytes. */
  long length();

  /**
   * The current record ended at the end of the input without its terminator (a line being written).
   */
  default boolean unterminated() {
    return false;
  }

  /** Decodes the current record into the processor the source reads for. */
  DecodeResult decode();

  /**
   * Whether a malformed current record means the input is no flow log at all (the first message of
   * a binary input): then it is not counted, and the input is skipped.
   */
  default boolean sniffing() {
    return false;
  }

  /**
   * After the current record, where a commit may follow it. Sources without read positions (the
   * records of one message, committed by their consumer) have none.
   */
  default Position after() {
    throw new UnsupportedOperationException("no read position: the caller commits");
  }

  /** Before the current record, to stop there (--strict, an unterminated last line). */
  default Position before() {
    return after();
  }

  /** Once {@link #next} returned false: everything the input held that was read. */
  default Position end() {
    return after();
  }

  /** Once {@link #next} threw: up to the last whole record. */
  default Position failed() {
    return after();
  }

  /** Once {@link #next} returned false: why the input ended before its end, or null. */
  default Problem endProblem() {
    return null;
  }

  /** Once {@link #next} returned false: the input's framing showed it is no flow log at all. */
  default boolean notAFlowLog() {
    return false;
  }
}
