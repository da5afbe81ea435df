package io.netpol.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them (the JSON parser reads UTF-8 bytes
 * directly) and keeps the byte position after every line, which is what checkpoints store. Lines
 * over the size limit are consumed and flagged rather than buffered.
 */
final class LineReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[1 << 12];
  private boolean eof;

  /** Bytes of the current line, valid until the next call. */
  byte[] buf;

  int off;
  int len;

  /** The current line exceeded the limit; its bytes are not available. */
  boolean tooLong;

  /** The current line ended at end of input without a newline (may still be being written). */
  boolean unterminated;

  /** 1-based number of the current line. */
  long lineNumber;

  /** Byte position just after the current line (and its newline). */
  long position;

  /** Fingerprints of the bytes before the current line ({@code saved}) and after it. */
  final TailBuffer tail = new TailBuffer();

  /** The content marks passed while reading. */
  final ContentMarks marks;

  /** Reads {@code in}, which is at {@code from}'s position, preceded by {@code from.before()}. */
  LineReader(InputStream in, int maxLineBytes, InputMatcher.Start from) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.position = from.position();
    this.lineNumber = from.line();
    tail.append(from.before(), 0, from.before().length);
    marks = new ContentMarks(from.position());
  }

  /** Advances to the next line; false at end of input. */
  boolean next() throws IOException {
    tail.save();
    int lineLen = 0;
    tooLong = false;
    unterminated = false;
    while (true) {
      if (chunkPos == chunkLen) {
        if (eof || !fill()) {
          if (lineLen == 0 && !tooLong) {
            return false;
          }
          unterminated = true;
          return finish(line, 0, lineLen);
        }
      }
      int start = chunkPos;
      int nl = ByteWords.indexOf(chunk, start, chunkLen, (byte) '\n');
      if (nl >= 0) {
        chunkPos = nl + 1;
        position += nl + 1 - start;
        tail.append(chunk, start, nl + 1 - start);
        lineNumber++;
        marks.boundary(position, lineNumber, tail);
        if (lineLen == 0 && !tooLong) {
          // The whole line is in this chunk; the limit still applies.
          tooLong = nl - start > maxLineBytes;
          return finishLine(chunk, start, nl - start);
        }
        lineLen = append(lineLen, start, nl - start);
        return finishLine(line, 0, lineLen);
      }
      lineLen = append(lineLen, start, chunkLen - start);
      position += chunkLen - start;
      tail.append(chunk, start, chunkLen - start);
      chunkPos = chunkLen;
    }
  }

  private boolean finish(byte[] b, int off, int n) {
    lineNumber++;
    return finishLine(b, off, n);
  }

  private boolean finishLine(byte[] b, int off, int n) {
    if (tooLong) {
      buf = null;
      len = 0;
      return true;
    }
    if (n > 0 && b[off + n - 1] == '\r') {
      n--;
    }
    buf = b;
    this.off = off;
    len = n;
    return true;
  }

  private int append(int lineLen, int from, int n) {
    if (tooLong) {
      return lineLen;
    }
    if (lineLen + n > maxLineBytes) {
      tooLong = true;
      return lineLen;
    }
    if (line.length < lineLen + n) {
      line = Arrays.copyOf(line, Math.max(lineLen + n, line.length * 2));
    }
    System.arraycopy(chunk, from, line, lineLen, n);
    return lineLen + n;
  }

  private boolean fill() throws IOException {
    int n = in.read(chunk, 0, chunk.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkLen = n;
    return true;
  }

  /** Whether {@code len} bytes at {@code off} are only spaces, tabs and carriage returns. */
  static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
