package io.netpol.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The last bytes consumed from an input. Their fingerprint is stored with the read position, so a
 * later run can tell the same file grown longer from another file that starts the same way.
 */
final class TailBuffer {
  static final int SIZE = 1024;

  /**
   * Bytes kept: far more than {@link #SIZE}, so that the tail before a record is still there after
   * the record (up to its 63 KiB) has been appended, and {@link #save} copies nothing.
   */
  private static final int RING = 1 << 16;

  private final byte[] ring = new byte[RING];

  /** Bytes appended so far; the ring holds the last of them. */
  private long total;

  /** {@link #total} at the last {@link #save}, or -1. */
  private long savedAt = -1;

  /** The saved tail, copied out once appending was about to overwrite it in the ring. */
  private byte[] saved;

  void append(byte[] b, int off, int len) {
    if (savedAt >= 0 && saved == null && total + len - savedAt > RING - SIZE) {
      saved = ending(savedAt);
    }
    if (len > RING) {
      off += len - RING;
      total += len - RING;
      len = RING;
    }
    int at = (int) (total & (RING - 1));
    int first = Math.min(len, RING - at);
    System.arraycopy(b, off, ring, at, first);
    System.arraycopy(b, off + first, ring, 0, len - first);
    total += len;
  }

  /** Remembers the current tail, to fingerprint the position before the next record. */
  void save() {
    savedAt = total;
    saved = null;
  }

  String hash() {
    byte[] tail = ending(total);
    return of(tail, 0, tail.length);
  }

  String savedHash() {
    byte[] tail = saved != null ? saved : ending(savedAt);
    return of(tail, 0, tail.length);
  }

  /** The last {@link #SIZE} bytes (or fewer, at the start) of the first {@code end} appended. */
  private byte[] ending(long end) {
    int n = (int) Math.min(SIZE, Math.max(0, end));
    byte[] out = new byte[n];
    int from = (int) ((end - n) & (RING - 1));
    int first = Math.min(n, RING - from);
    System.arraycopy(ring, from, out, 0, first);
    System.arraycopy(ring, 0, out, first, n - first);
    return out;
  }

  static String of(byte[] b, int off, int len) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(b, off, len);
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
