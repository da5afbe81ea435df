package io.netpol.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes read eight at a time as a little-endian long, and the usual has-zero-byte test on such
 * words: {@code (w - ONES) & ~w & HIGHS} flags every byte of {@code w} that is zero, and may flag
 * bytes above one that is, never below; so its lowest flagged byte is always a true match.
 */
final class ByteWords {
  private ByteWords() {}

  static final long ONES = 0x0101010101010101L;
  static final long HIGHS = 0x8080808080808080L;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The eight bytes at {@code b[i]}, the first in the lowest bits. */
  static long at(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** The high bit of every byte of {@code w} that is zero (and maybe of some above one). */
  static long zeros(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /** The high bit of every byte of {@code w} that equals {@code c} ({@code c * ONES}). */
  static long equal(long w, long c) {
    return zeros(w ^ c);
  }

  /** The index in its word of the lowest byte a mask of {@link #zeros} flags. */
  static int lowest(long flags) {
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }

  /** The first {@code value} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte value) {
    long pattern = ONES * (value & 0xff);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = equal(at(b, i), pattern);
      if (found != 0) {
        return i + lowest(found);
      }
    }
    for (; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
