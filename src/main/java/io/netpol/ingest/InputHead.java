package io.netpol.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * What the start of an input says: whether it is gzip, empty, JSON lines or binary, and the
 * fingerprint of its first record (the key under which inputs read before are looked up).
 */
final class InputHead {
  private static final int PEEK_BYTES = 1 << 16;

  /** The input's content, uncompressed, positioned at its start. */
  final InputStream content;

  final boolean gzip;
  final boolean empty;
  final boolean json;

  /** Fingerprint of the first line (JSON) or first 256 bytes (binary). */
  final String fingerprint;

  private InputHead(
      InputStream content, boolean gzip, boolean empty, boolean json, String fingerprint) {
    this.content = content;
    this.gzip = gzip;
    this.empty = empty;
    this.json = json;
    this.fingerprint = fingerprint;
  }

  static InputHead read(InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    boolean gzip = isGzip(buffered);
    InputStream in =
        gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
    in.mark(PEEK_BYTES + 1);
    byte[] head = in.readNBytes(PEEK_BYTES);
    in.reset();
    int first = firstSignificantByte(head);
    if (first < 0) {
      return new InputHead(in, gzip, true, false, null);
    }
    boolean json = looksLikeJson(head, first);
    byte[] identifying = identifying(head, json);
    return new InputHead(in, gzip, false, json, TailBuffer.of(identifying, 0, identifying.length));
  }

  static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    return a == 0x1f && b == 0x8b;
  }

  private static int firstSignificantByte(byte[] head) {
    int i = 0;
    if (head.length >= 3
        && (head[0] & 0xff) == 0xef
        && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf) {
      i = 3;
    }
    for (; i < head.length; i++) {
      byte b = head[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A JSON object starts with '{' and then (after white space) '"' or '}'. A binary export whose
   * first message is 123 bytes long also starts with '{' (its varint length prefix), followed by a
   * protobuf tag that is neither.
   */
  private static boolean looksLikeJson(byte[] head, int first) {
    if (head[first] != '{') {
      return false;
    }
    for (int i = first + 1; i < head.length; i++) {
      byte b = head[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '"' || b == '}';
      }
    }
    return true;
  }

  /** The part of an input that identifies it: its first line (JSON) or first 256 bytes. */
  private static byte[] identifying(byte[] bytes, boolean json) {
    int n = bytes.length;
    if (json) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          n = i + 1;
          break;
        }
      }
    } else {
      n = Math.min(n, 256);
    }
    return Arrays.copyOf(bytes, n);
  }
}
