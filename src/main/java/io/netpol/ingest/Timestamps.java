package io.netpol.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps as flow logs write them. */
final class Timestamps {
  private Timestamps() {}

  /**
   * RFC 3339 with optional fraction and offset, to Unix milliseconds. java.time does the parsing;
   * this only picks the parser that accepts the offset form.
   */
  static long parseRfc3339Millis(String text) {
    long millis = rfc3339MillisOrInvalid(text);
    if (millis == INVALID) {
      throw new MalformedRecordException("bad timestamp \"" + abbreviate(text) + "\"");
    }
    return millis;
  }

  /** What {@link #rfc3339MillisOrInvalid} returns for a text that is no timestamp. */
  static final long INVALID = Long.MIN_VALUE;

  /** {@link #parseRfc3339Millis}, or {@link #INVALID} where that finds no timestamp. */
  static long rfc3339MillisOrInvalid(String text) {
    byte[] latin = text.getBytes(StandardCharsets.ISO_8859_1); // any other character: not canonical
    long fast = canonicalUtc(latin, 0, latin.length);
    if (fast != NOT_CANONICAL) {
      return fast;
    }
    try {
      if (text.endsWith("Z") || text.endsWith("z")) {
        return Instant.parse(text).toEpochMilli();
      }
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return INVALID;
    }
  }

  /** The same for the ASCII text {@code b[from, to)}, without a string for the usual form. */
  static long rfc3339MillisOrInvalid(byte[] b, int from, int to) {
    long fast = canonicalUtc(b, from, to);
    if (fast != NOT_CANONICAL) {
      return fast;
    }
    return rfc3339MillisOrInvalid(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
  }

  private static final long NOT_CANONICAL = Long.MIN_VALUE;

  /**
   * The form nearly every exporter writes, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field
   * in range, read without java.time's general parser (a large share of decoding a Hubble line
   * otherwise). Anything else, including leap seconds and hour 24, is left to java.time: returns
   * {@link #NOT_CANONICAL} rather than deciding.
   */
  private static long canonicalUtc(byte[] t, int from, int to) {
    int n = to - from;
    if (n < 20 || n > 30 || t[to - 1] != 'Z') {
      return NOT_CANONICAL;
    }
    if (t[from + 4] != '-'
        || t[from + 7] != '-'
        || t[from + 10] != 'T'
        || t[from + 13] != ':'
        || t[from + 16] != ':') {
      return NOT_CANONICAL;
    }
    int year = digits(t, from, from + 4);
    int month = digits(t, from + 5, from + 7);
    int day = digits(t, from + 8, from + 10);
    int hour = digits(t, from + 11, from + 13);
    int minute = digits(t, from + 14, from + 16);
    int second = digits(t, from + 17, from + 19);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_CANONICAL;
    }
    int nanos = 0;
    if (n > 20) {
      int fractionDigits = n - 21;
      if (t[from + 19] != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return NOT_CANONICAL;
      }
      int fraction = digits(t, from + 20, to - 1);
      if (fraction < 0) {
        return NOT_CANONICAL;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    } else if (t[from + 19] != 'Z') {
      return NOT_CANONICAL;
    }
    long epochSecond =
        java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3_600L
            + minute * 60L
            + second;
    // Instant.toEpochMilli for these: the fraction is never negative.
    return epochSecond * 1_000L + nanos / 1_000_000;
  }

  /** The number written in {@code t[from, to)} with ASCII digits only, or -1. */
  private static int digits(byte[] t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      byte c = t[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int lengthOfMonth(int year, int month) {
    return java.time.YearMonth.of(year, month).lengthOfMonth();
  }

  /** Unix seconds as a number or a numeric string (protojson renders int64 as strings). */
  static long unixSecondsToMillis(String text) {
    try {
      return Math.multiplyExact(Long.parseLong(text.trim()), 1000L);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new MalformedRecordException("bad Unix time \"" + abbreviate(text) + "\"");
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
