package io.netpol.ingest;

import java.util.Arrays;

/**
 * A run of lines copied out of a {@link LineReader} together with what the reader knew about each
 * (number, position, blank, too long, unterminated, the tail fingerprints a commit there needs),
 * and, once {@link #preparse read ahead}, each record's label-less flow or failure. Chunks are
 * reused so that reading ahead allocates no large arrays per chunk.
 */
final class LineChunk {

  private static final byte BLANK = 1;
  private static final byte TOO_LONG = 2;
  private static final byte UNTERMINATED = 4;

  private final int maxLines;
  private final int maxBytes;
  private byte[] data = new byte[1 << 16];
  private int used;
  private int count;
  private final int[] off;
  private final int[] len;
  private final byte[] flags;
  private final long[] lineNumber;
  private final long[] position;

  /** Fingerprint after the line, for lines a commit may follow; otherwise null. */
  private final String[] tailAfter;

  /** Fingerprint before the line, for an unterminated last line; otherwise null. */
  private final String[] tailBefore;

  /** Each record as read ahead ({@link RecordDecoder#preparse}). */
  private final RecordDecoder.Preparsed[] preparsed;

  /** What reading a record ahead threw (a bug, not a malformed record): rethrown in order. */
  private final RuntimeException[] failure;

  LineChunk(int maxLines, int maxBytes) {
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
    off = new int[maxLines];
    len = new int[maxLines];
    flags = new byte[maxLines];
    lineNumber = new long[maxLines];
    position = new long[maxLines];
    tailAfter = new String[maxLines];
    tailBefore = new String[maxLines];
    preparsed = new RecordDecoder.Preparsed[maxLines];
    failure = new RuntimeException[maxLines];
  }

  /** Empties the chunk for reuse. */
  void clear() {
    Arrays.fill(tailAfter, 0, count, null);
    Arrays.fill(tailBefore, 0, count, null);
    Arrays.fill(preparsed, 0, count, null);
    Arrays.fill(failure, 0, count, null);
    used = 0;
    count = 0;
  }

  /** Whether no further line should be added. */
  boolean full() {
    return count == maxLines || used >= maxBytes;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  /**
   * Copies the reader's current line.
   *
   * @param blank whether the line holds only white space (it is then not copied)
   */
  void add(LineReader reader, boolean blank) {
    int i = count++;
    byte f = 0;
    if (reader.tooLong) {
      f |= TOO_LONG;
    } else if (blank) {
      f |= BLANK;
    }
    if (reader.unterminated) {
      f |= UNTERMINATED;
    }
    flags[i] = f;
    lineNumber[i] = reader.lineNumber;
    position[i] = reader.position;
    off[i] = used;
    len[i] = reader.len;
    if ((f & (TOO_LONG | BLANK)) == 0) {
      if (data.length < used + reader.len) {
        data = Arrays.copyOf(data, Math.max(used + reader.len, data.length * 2));
      }
      System.arraycopy(reader.buf, reader.off, data, used, reader.len);
      used += reader.len;
    }
  }

  /** Notes the fingerprint of everything read up to and including line {@code i}. */
  void tailAfter(int i, String hash) {
    tailAfter[i] = hash;
  }

  /** Notes the fingerprint of everything read before line {@code i}. */
  void tailBefore(int i, String hash) {
    tailBefore[i] = hash;
  }

  /**
   * Reads every record of the chunk ahead with {@code reader}, which belongs to the calling thread;
   * touches no state but the chunk's and the reader's.
   */
  LineChunk preparse(RecordDecoder decoder, RecordDecoder.Reader reader) {
    for (int i = 0; i < count; i++) {
      if (isRecord(i)) {
        try {
          preparsed[i] = decoder.preparse(reader, data, off[i], len[i]);
        } catch (RuntimeException e) {
          failure[i] = e;
        }
      }
    }
    return this;
  }

  /**
   * Finishes decoding record {@code i} into the processor's sink, as {@link
   * RecordProcessor#decodeJson} would have.
   */
  DecodeResult decode(int i, RecordProcessor processor) {
    if (failure[i] != null) {
      throw failure[i];
    }
    return processor.decodePreparsed(preparsed[i], data, off[i], len[i]);
  }

  boolean isRecord(int i) {
    return (flags[i] & (TOO_LONG | BLANK)) == 0;
  }

  boolean tooLong(int i) {
    return (flags[i] & TOO_LONG) != 0;
  }

  boolean blank(int i) {
    return (flags[i] & BLANK) != 0;
  }

  boolean unterminated(int i) {
    return (flags[i] & UNTERMINATED) != 0;
  }

  int length(int i) {
    return len[i];
  }

  long lineNumber(int i) {
    return lineNumber[i];
  }

  long position(int i) {
    return position[i];
  }

  String tailAfter(int i) {
    return tailAfter[i];
  }

  String tailBefore(int i) {
    return tailBefore[i];
  }
}
