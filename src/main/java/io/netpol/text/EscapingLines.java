package io.netpol.text;

import java.io.PrintWriter;

/**
 * A writer for text renderers whose every line goes through {@link DisplayText#escape}: a name from
 * a flow log or a policy file cannot add a line (a newline inside it shows as {@code \u000a}), move
 * the cursor or set the terminal's title, whichever renderer prints it.
 */
public final class EscapingLines extends PrintWriter {
  private static final String NL = System.lineSeparator();

  private EscapingLines(PrintWriter out) {
    super(out, false);
  }

  /** {@code out}, escaping each line written through it. */
  public static PrintWriter of(PrintWriter out) {
    return out instanceof EscapingLines ? out : new EscapingLines(out);
  }

  @Override
  public void println(String line) {
    super.print(DisplayText.escape(line));
    super.println();
  }

  @Override
  public void println(Object line) {
    println(String.valueOf(line));
  }

  @Override
  public void print(String text) {
    super.print(DisplayText.escape(text));
  }

  @Override
  public PrintWriter printf(String format, Object... args) {
    return format(format, args);
  }

  @Override
  public PrintWriter format(String format, Object... args) {
    String text = String.format(format, args);
    if (text.endsWith(NL)) {
      println(text.substring(0, text.length() - NL.length()));
    } else {
      print(text);
    }
    return this;
  }
}
