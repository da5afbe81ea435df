package io.netpol.ingest;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A run of lines copied out of a {@link LineReader} together with what the reader knew about each
 * (number, position, blank, too long, unterminated, the tail fingerprints a commit there needs),
 * and, once {@link #readAhead read ahead}, each record's flow or failure. Chunks are reused so that
 * reading ahead allocates no large arrays per chunk.
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

  /** Each record as read ahead ({@link RecordReader#json}). */
  private final RecordReader.Read[] preparsed;

  /** What reading a record ahead threw (a bug, not a malformed record): rethrown in order. */
  private final RuntimeException[] failure;

  /** Who reads which record ahead, for the lines filled last; a new one with every fill. */
  private Claims claims;

  /**
   * Each record of one fill is read ahead by exactly one thread, whichever claims it first: the
   * threads reading ahead take them in order, and the caller takes the one it needs next when none
   * has, so it never waits for a thread that has not begun. A record's state goes from {@link
   * #PENDING} to {@link #CLAIMED} to {@link #READ}, the last written after its result (so a thread
   * that sees it sees the result).
   */
  static final class Claims {
    static final int PENDING = 0;
    static final int CLAIMED = 1;
    static final int READ = 2;

    final AtomicIntegerArray state;
    final AtomicInteger next = new AtomicInteger();

    Claims(int lines) {
      state = new AtomicIntegerArray(lines);
    }
  }

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
    preparsed = new RecordReader.Read[maxLines];
    failure = new RuntimeException[maxLines];
  }

  /** Empties the chunk for reuse. */
  void clear() {
    claims = null;
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

  /** Once filled: the records are to be read ahead from now on. */
  Claims open() {
    claims = new Claims(count);
    for (int i = 0; i < count; i++) {
      if (!isRecord(i)) {
        claims.state.set(i, Claims.READ); // nothing to read
      }
    }
    return claims;
  }

  /**
   * Reads ahead, with {@code reader} (the calling thread's), each record of {@code of} (the claims
   * of the fill the caller found this chunk with) that no other thread has claimed, until none is
   * left; touches no state but the chunk's and the reader's.
   */
  void readAhead(Claims of, RecordReader reader) {
    int i;
    while ((i = of.next.getAndIncrement()) < count) {
      if (of.state.compareAndSet(i, Claims.PENDING, Claims.CLAIMED)) {
        read(of, i, reader);
      }
    }
  }

  /** Whether every record of the fill is claimed (there is nothing left to read ahead). */
  boolean allClaimed(Claims of) {
    return of.next.get() >= count;
  }

  private void read(Claims of, int i, RecordReader reader) {
    try {
      preparsed[i] = reader.json(data, off[i], len[i]);
    } catch (RuntimeException e) {
      failure[i] = e;
    }
    of.state.set(i, Claims.READ);
  }

  /**
   * Finishes decoding record {@code i} into the processor's sink, as {@link
   * RecordProcessor#decodeJson} would have: reads it ahead here first when no thread has claimed
   * it; while the thread that has is reading it, reads the next records no thread has claimed (the
   * caller is mostly right behind the threads reading ahead: waiting, it would only keep a
   * processor from them), and waits only when none is left.
   */
  DecodeResult decode(int i, RecordProcessor processor, RecordReader reader) {
    Claims of = claims;
    if (of.state.compareAndSet(i, Claims.PENDING, Claims.CLAIMED)) {
      read(of, i, reader);
    } else {
      for (int spins = 0; of.state.get(i) != Claims.READ; spins++) {
        int next = of.next.get() < count ? of.next.getAndIncrement() : count;
        if (next < count) {
          if (of.state.compareAndSet(next, Claims.PENDING, Claims.CLAIMED)) {
            read(of, next, reader);
          }
        } else if (spins < 200) {
          Thread.onSpinWait(); // a record takes microseconds
        } else {
          Thread.yield(); // the thread reading it waits for a processor
        }
      }
    }
    if (failure[i] != null) {
      throw failure[i];
    }
    return processor.finish(preparsed[i]);
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
