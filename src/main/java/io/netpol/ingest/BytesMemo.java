package io.netpol.ingest;

import java.util.Arrays;

/**
 * What was read from a run of bytes, remembered by those bytes: exports repeat the same endpoint
 * objects and the same short values on most lines, and reading them again would give the same
 * thing. A hit compares every byte with the remembered ones (a hash only picks the set of slots to
 * look in), so a value is never taken for bytes that merely hash alike. Bounded: a fixed number of
 * sets of {@link #WAYS} slots, each holding at most {@code maxKeyBytes} bytes; a new key takes the
 * slot of its set that was filled longest ago. One instance belongs to one thread.
 */
final class BytesMemo<V> {
  /** Slots per set: replicas of one workload have endpoints that start alike. */
  static final int WAYS = 4;

  /** Bytes {@link #prefixHash} reads. */
  static final int PREFIX = 32;

  private final int setMask;
  private final int maxKeyBytes;
  private final byte[][] keys;
  private final Object[] values;
  private final byte[] nextWay;

  /**
   * @param sets a power of two
   */
  BytesMemo(int sets, int maxKeyBytes) {
    if (Integer.bitCount(sets) != 1) {
      throw new IllegalArgumentException("sets must be a power of two: " + sets);
    }
    this.setMask = sets - 1;
    this.maxKeyBytes = maxKeyBytes;
    this.keys = new byte[sets * WAYS][];
    this.values = new Object[sets * WAYS];
    this.nextWay = new byte[sets];
  }

  /** The value remembered for exactly {@code b[from, to)}, looked up by {@code hash}. */
  @SuppressWarnings("unchecked")
  V get(byte[] b, int from, int to, long hash) {
    int first = ((int) hash & setMask) * WAYS;
    for (int slot = first; slot < first + WAYS; slot++) {
      byte[] key = keys[slot];
      if (key != null && Arrays.equals(key, 0, key.length, b, from, to)) {
        return (V) values[slot];
      }
    }
    return null;
  }

  /**
   * The value remembered for the bytes that {@code b[from, end)} starts with, looked up by {@code
   * hash} ({@link #prefixHash}), and their length in {@link Hit#length}; null when none is. Keys
   * are whole JSON values, so at most one can start the bytes.
   */
  @SuppressWarnings("unchecked")
  Hit<V> startOf(byte[] b, int from, int end, long hash, Hit<V> into) {
    int first = ((int) hash & setMask) * WAYS;
    for (int slot = first; slot < first + WAYS; slot++) {
      byte[] key = keys[slot];
      if (key != null
          && key.length <= end - from
          && Arrays.equals(key, 0, key.length, b, from, from + key.length)) {
        into.value = (V) values[slot];
        into.length = key.length;
        return into;
      }
    }
    return null;
  }

  /** A value found by {@link #startOf}, and the length of the bytes it was remembered for. */
  static final class Hit<V> {
    V value;
    int length;
  }

  /** Remembers {@code value} for {@code b[from, to)}, unless they are longer than the limit. */
  void put(byte[] b, int from, int to, long hash, V value) {
    if (to - from > maxKeyBytes) {
      return;
    }
    int set = (int) hash & setMask;
    int slot = set * WAYS + nextWay[set];
    nextWay[set] = (byte) ((nextWay[set] + 1) % WAYS);
    keys[slot] = Arrays.copyOfRange(b, from, to);
    values[slot] = value;
  }

  /** A 64-bit hash of {@code b[from, to)}, eight bytes at a time. */
  static long hash(byte[] b, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ ByteWords.at(b, i)) * 0xff51afd7ed558ccdL;
      h ^= h >>> 29;
    }
    for (; i < to; i++) {
      h = (h ^ b[i]) * 0xc4ceb9fe1a85ec53L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 33);
  }

  /** The hash of the first {@link #PREFIX} bytes of {@code b[from, end)} (or all, if fewer). */
  static long prefixHash(byte[] b, int from, int end) {
    return hash(b, from, Math.min(end, from + PREFIX));
  }
}
