package io.netpol.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Looks at a file's content (uncompressed) at given positions without decoding it: the bytes just
 * before a position, whose fingerprint is compared with a stored {@link
 * io.netpol.store.ContentMark}. Positions asked in ascending order cost one pass over the file (a
 * seek per position for an uncompressed file).
 */
final class ContentProbe implements AutoCloseable {
  private final Path path;
  private InputStream in;
  private long offset;

  ContentProbe(Path path) {
    this.path = path;
  }

  /**
   * The (up to {@link TailBuffer#SIZE}) bytes just before {@code position}, or null when the
   * content ends before it.
   */
  byte[] before(long position) throws IOException {
    int n = (int) Math.min(position, TailBuffer.SIZE);
    if (!seek(position - n)) {
      return null;
    }
    byte[] bytes = in.readNBytes(n);
    offset += bytes.length;
    return bytes.length == n ? bytes : null;
  }

  /** Whether the fingerprint of the bytes before {@code position} is {@code tailHash}. */
  boolean matches(long position, String tailHash) throws IOException {
    byte[] bytes = before(position);
    return bytes != null && TailBuffer.of(bytes, 0, bytes.length).equals(tailHash);
  }

  /** Whether the content ends exactly at {@code position}. */
  boolean endsAt(long position) throws IOException {
    if (!seek(position)) {
      return false;
    }
    return in.read() < 0;
  }

  /** Moves to {@code position}; false when the content is shorter. */
  private boolean seek(long position) throws IOException {
    if (in == null || position < offset) {
      close();
      in = open(path);
      offset = 0;
    }
    long skip = position - offset;
    long skipped = in.skip(skip);
    offset += skipped;
    // skip() may stop short before the end (a gzip member boundary); step the rest by reading.
    while (offset < position) {
      if (in.read() < 0) {
        return false;
      }
      offset++;
      long more = in.skip(position - offset);
      offset += more;
    }
    return true;
  }

  static InputStream open(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    return InputHead.isGzip(in) ? new GZIPInputStream(in, 1 << 16) : in;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
