package io.netpol.ingest;

/**
 * Validating steps over JSON text held as UTF-8 bytes, for {@link HubbleLineScanner}. Each step
 * takes the position of what it reads and returns the position after it, or {@link #UNSURE} when
 * the bytes are anything but the plain JSON exporters write: malformed JSON, but also valid JSON
 * these steps leave to Jackson (escapes and non-ASCII bytes in strings, nesting over {@link
 * #MAX_DEPTH}). So a step that returns a position has read exactly what Jackson would accept, and
 * everything else goes to Jackson, which says what is wrong in its own words.
 */
final class JsonBytes {
  private JsonBytes() {}

  /** Not read: the caller leaves the record to Jackson. */
  static final int UNSURE = -1;

  /** Deeper values are left to Jackson (whose limit is 64). */
  static final int MAX_DEPTH = 32;

  /** The first position at or after {@code p} that is not JSON white space. */
  static int ws(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return p;
      }
      p++;
    }
    return p;
  }

  private static final long QUOTES = ByteWords.ONES * '"';
  private static final long BACKSLASHES = ByteWords.ONES * '\\';
  private static final long SPACES = ByteWords.ONES * 0x20;

  /**
   * The position of the closing quote of the string whose opening quote is at {@code p}: printable
   * ASCII without escapes only.
   */
  static int stringEnd(byte[] b, int p, int end) {
    int i = special(b, p + 1, end);
    return i < end && b[i] == '"' ? i : UNSURE;
  }

  /**
   * The first position at or after {@code i} of a byte that may not stand in a plain string as it
   * is (a quote, a backslash, a control character, a non-ASCII byte), or {@code end}. Eight bytes
   * at a time: a word without one is passed over whole (the lowest byte any of the has-zero-byte
   * tests flags is a true match).
   */
  static int special(byte[] b, int i, int end) {
    for (; i + 8 <= end; i += 8) {
      long w = ByteWords.at(b, i);
      long controls = (w - SPACES) & ~w & ByteWords.HIGHS;
      long special =
          ByteWords.equal(w, QUOTES)
              | ByteWords.equal(w, BACKSLASHES)
              | controls
              | (w & ByteWords.HIGHS);
      if (special != 0) {
        return i + ByteWords.lowest(special);
      }
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"' || c < 0x20 || c == '\\') { // negative: a byte of a multi-byte UTF-8 character
        return i;
      }
    }
    return end;
  }

  /**
   * Reads any value at {@code p} (which is past white space) and returns the position after it. One
   * loop over every level of nesting, the kind of each open container kept as a bit.
   */
  static int skipValue(byte[] b, int p, int end) {
    long objects = 0; // bit d: the container at depth d + 1 is an object
    int depth = 0;
    while (true) {
      if (p >= end) {
        return UNSURE;
      }
      byte c = b[p];
      if (c == '{' || c == '[') {
        if (depth == MAX_DEPTH) {
          return UNSURE;
        }
        boolean object = c == '{';
        objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
        depth++;
        p = ws(b, p + 1, end);
        if (p < end && b[p] == (object ? '}' : ']')) {
          depth--;
          p++;
        } else if (object) {
          p = memberValue(b, p, end);
          if (p == UNSURE) {
            return UNSURE;
          }
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        p = stringEnd(b, p, end);
        if (p == UNSURE) {
          return UNSURE;
        }
        p++;
      } else if (c == 't') {
        p = literal(b, p, end, TRUE);
      } else if (c == 'f') {
        p = literal(b, p, end, FALSE);
      } else if (c == 'n') {
        p = literal(b, p, end, NULL);
      } else {
        p = number(b, p, end);
      }
      if (p == UNSURE) {
        return UNSURE;
      }
      // After a value: close containers until one continues with a comma.
      while (true) {
        if (depth == 0) {
          return p;
        }
        p = ws(b, p, end);
        if (p >= end) {
          return UNSURE;
        }
        boolean object = (objects & (1L << (depth - 1))) != 0;
        if (b[p] == (object ? '}' : ']')) {
          depth--;
          p++;
          continue;
        }
        if (b[p] != ',') {
          return UNSURE;
        }
        p = ws(b, p + 1, end);
        if (object) {
          p = memberValue(b, p, end);
          if (p == UNSURE) {
            return UNSURE;
          }
        }
        break;
      }
    }
  }

  /** At a member's name: the position of its value. */
  private static int memberValue(byte[] b, int p, int end) {
    if (p >= end || b[p] != '"') {
      return UNSURE;
    }
    p = stringEnd(b, p, end);
    return p == UNSURE ? UNSURE : colon(b, p + 1, end);
  }

  /** After a field name's closing quote: the position of its value (past the colon). */
  static int colon(byte[] b, int p, int end) {
    p = ws(b, p, end);
    if (p >= end || b[p] != ':') {
      return UNSURE;
    }
    return ws(b, p + 1, end);
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  static boolean isTrue(byte[] b, int p, int end) {
    return literal(b, p, end, TRUE) != UNSURE;
  }

  static boolean isFalse(byte[] b, int p, int end) {
    return literal(b, p, end, FALSE) != UNSURE;
  }

  static boolean isNull(byte[] b, int p, int end) {
    return literal(b, p, end, NULL) != UNSURE;
  }

  private static int literal(byte[] b, int p, int end, byte[] word) {
    if (end - p < word.length) {
      return UNSURE;
    }
    for (int i = 0; i < word.length; i++) {
      if (b[p + i] != word[i]) {
        return UNSURE;
      }
    }
    return delimited(b, p + word.length, end);
  }

  /**
   * A number as JSON writes it, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}; returns the
   * position after it.
   */
  static int number(byte[] b, int p, int end) {
    int i = p;
    if (i < end && b[i] == '-') {
      i++;
    }
    int digits = digits(b, i, end);
    if (digits == 0 || (digits > 1 && b[i] == '0')) {
      return UNSURE;
    }
    i += digits;
    if (i < end && b[i] == '.') {
      int fraction = digits(b, i + 1, end);
      if (fraction == 0) {
        return UNSURE;
      }
      i += 1 + fraction;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponent = digits(b, i, end);
      if (exponent == 0) {
        return UNSURE;
      }
      i += exponent;
    }
    return delimited(b, i, end);
  }

  /**
   * The value of an integer of at most {@code maxDigits} digits (an optional minus sign before) at
   * {@code p} that ends at {@code to}, or {@link Long#MIN_VALUE} when it is anything else.
   */
  static long plainInteger(byte[] b, int p, int to, int maxDigits) {
    boolean negative = p < to && b[p] == '-';
    int i = negative ? p + 1 : p;
    int n = to - i;
    if (n < 1 || n > maxDigits || (n > 1 && b[i] == '0') || digits(b, i, to) != n) {
      return Long.MIN_VALUE;
    }
    long value = 0;
    for (; i < to; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return negative ? -value : value;
  }

  private static int digits(byte[] b, int p, int end) {
    int i = p;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i - p;
  }

  /** {@code p} when a token may end there (end, white space, a separator), else UNSURE. */
  private static int delimited(byte[] b, int p, int end) {
    if (p >= end) {
      return p;
    }
    byte c = b[p];
    if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return p;
    }
    return UNSURE;
  }
}
