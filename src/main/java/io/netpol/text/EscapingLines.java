package io.netpol.text;

import java.io.PrintWriter;

/**
 * A writer for text renderers whose every line goes through {@link DisplayText#escape}: a name from
 * a flow log or a policy file cannot add a line (a newline inside it shows as {@code \u000a}), move
 * the cursor or set the terminal's title, whichever renderer prints it.
 */
public final class EscapingLines extends PrintWriter {
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

  /**
   * The renderer's own format (its table layout, its line breaks) stays; what it fills in is
   * escaped.
   */
  @Override
  public PrintWriter format(String format, Object... args) {
    Object[] escaped = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      escaped[i] = args[i] instanceof CharSequence s ? DisplayText.escape(s.toString()) : args[i];
    }
    super.write(String.format(format, escaped));
    return this;
  }
}
