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

  private final byte[] ring = new byte[SIZE];
  private final byte[] saved = new byte[SIZE];
  private int start;
  private int length;
  private int savedStart;
  private int savedLength;

  void append(byte[] b, int off, int len) {
    if (len >= SIZE) {
      System.arraycopy(b, off + len - SIZE, ring, 0, SIZE);
      start = 0;
      length = SIZE;
      return;
    }
    // Write at the end of the ring in at most two pieces, then drop what overflowed at the front.
    int end = (start + length) % SIZE;
    int first = Math.min(len, SIZE - end);
    System.arraycopy(b, off, ring, end, first);
    System.arraycopy(b, off + first, ring, 0, len - first);
    int overflow = Math.max(0, length + len - SIZE);
    start = (start + overflow) % SIZE;
    length = Math.min(SIZE, length + len);
  }

  /** Remembers the current content, to fingerprint the position before the next record. */
  void save() {
    System.arraycopy(ring, 0, saved, 0, SIZE);
    savedStart = start;
    savedLength = length;
  }

  String hash() {
    return hash(ring, start, length);
  }

  String savedHash() {
    return hash(saved, savedStart, savedLength);
  }

  private static String hash(byte[] ring, int start, int length) {
    byte[] ordered = new byte[length];
    for (int i = 0; i < length; i++) {
      ordered[i] = ring[(start + i) % SIZE];
    }
    return of(ordered, 0, length);
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
