package io.netpol.ingest;

/**
 * What an input shared with what was read before, as the run found it.
 *
 * @param input the input, as named on the command line or found in a folder
 * @param other the input it was recognised as: the path that content was last read from (or, for
 *     {@link Kind#LISTED_TWICE}, the first listing); equal to {@code input} for the same file
 * @param line the lines or messages of {@code input} that were read before (and skipped now)
 * @param unit what {@code line} counts: {@code line} (JSON lines) or {@code message} (protobuf)
 */
public record PriorRead(Kind kind, String input, String other, long line, String unit) {

  /** What was found. */
  public enum Kind {
    /** Everything it holds was read before. */
    NOTHING_NEW,
    /** It was read before up to {@code line}; what follows was read now. */
    CONTINUED,
    /** It holds the first {@code line} lines of {@code other}, which was read further since. */
    EARLIER_COPY,
    /** Its first {@code line} lines are those of {@code other}; it goes on differently. */
    SHARED_START,
    /** The same file was given twice (or once directly and once through its folder). */
    LISTED_TWICE
  }

  public static final String NOTHING_NEW_TEXT = "already read, nothing new";
  public static final String CONTINUED_TEXT = "read before up to %s; continued at %s %,d";
  public static final String SAME_CONTENT_TEXT = "same content as %s: ";
  public static final String EARLIER_COPY_TEXT =
      "an earlier copy of %s (its first %s), which was read further since: nothing new";
  public static final String SHARED_START_TEXT =
      "its first %s are those of %s, already read; read on from %s %,d";
  public static final String LISTED_TWICE_TEXT = "listed twice, read once";

  /** Whether {@code other} names another file than {@code input} (a copy, a rotated name). */
  public boolean elsewhere() {
    return other != null && !other.equals(input);
  }

  /** One line for the run's summary, after the input's name. */
  public String describe() {
    String as = elsewhere() ? String.format(SAME_CONTENT_TEXT, other) : "";
    return switch (kind) {
      case NOTHING_NEW -> as + NOTHING_NEW_TEXT;
      case CONTINUED -> as + String.format(CONTINUED_TEXT, count(line), unit, line + 1);
      case EARLIER_COPY -> String.format(EARLIER_COPY_TEXT, other, count(line));
      case SHARED_START -> String.format(SHARED_START_TEXT, count(line), other, unit, line + 1);
      case LISTED_TWICE -> LISTED_TWICE_TEXT;
    };
  }

  private String count(long n) {
    return String.format("%,d %s%s", n, unit, n == 1 ? "" : "s");
  }
}
