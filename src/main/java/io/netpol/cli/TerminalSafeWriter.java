package io.netpol.cli;

import io.netpol.text.DisplayText;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The last guard on stdout and stderr: a control character that reached output unescaped (ESC, BEL,
 * CR, CSI...) is written as {@code \\uXXXX} instead of acting on the terminal. Newlines and tabs
 * pass. Renderers escape values themselves ({@link DisplayText#escape}), which also catches forged
 * lines; this catches whatever one forgot, in every command.
 */
final class TerminalSafeWriter extends FilterWriter {
  private TerminalSafeWriter(Writer out) {
    super(out);
  }

  /** {@code out} behind the guard, flushing on println like picocli's writers. */
  static PrintWriter guard(PrintWriter out) {
    return new PrintWriter(new TerminalSafeWriter(out), true);
  }

  @Override
  public void write(int c) throws IOException {
    if (DisplayText.isTerminalControl((char) c)) {
      out.write(String.format("\\u%04x", c));
    } else {
      out.write(c);
    }
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (DisplayText.isTerminalControl(buf[i])) {
        out.write(buf, start, i - start);
        out.write(String.format("\\u%04x", (int) buf[i]));
        start = i + 1;
      }
    }
    out.write(buf, start, off + len - start);
  }

  /** Strings are checked in chunks copied out once: scanning an array beats charAt per char. */
  private final char[] chunk = new char[8192];

  @Override
  public void write(String str, int off, int len) throws IOException {
    for (int at = off; at < off + len; at += chunk.length) {
      int n = Math.min(chunk.length, off + len - at);
      str.getChars(at, at + n, chunk, 0);
      write(chunk, 0, n);
    }
  }
}
