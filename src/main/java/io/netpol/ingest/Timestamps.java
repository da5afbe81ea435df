package io.netpol.ingest;

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
    long fast = parseCanonicalUtc(text);
    if (fast != NOT_CANONICAL) {
      return fast;
    }
    try {
      if (text.endsWith("Z") || text.endsWith("z")) {
        return Instant.parse(text).toEpochMilli();
      }
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new MalformedRecordException("bad timestamp \"" + abbreviate(text) + "\"");
    }
  }

  private static final long NOT_CANONICAL = Long.MIN_VALUE;

  /**
   * The form nearly every exporter writes, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field
   * in range, read without java.time's general parser (a large share of decoding a Hubble line
   * otherwise). Anything else, including leap seconds and hour 24, is left to java.time: returns
   * {@link #NOT_CANONICAL} rather than deciding.
   */
  private static long parseCanonicalUtc(String text) {
    int n = text.length();
    if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z') {
      return NOT_CANONICAL;
    }
    if (text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return NOT_CANONICAL;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
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
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return NOT_CANONICAL;
      }
      int fraction = digits(text, 20, n - 1);
      if (fraction < 0) {
        return NOT_CANONICAL;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    } else if (text.charAt(19) != 'Z') {
      return NOT_CANONICAL;
    }
    long epochSecond =
        java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3_600L
            + minute * 60L
            + second;
    return Instant.ofEpochSecond(epochSecond, nanos).toEpochMilli();
  }

  /** The number written in {@code text[from, to)} with ASCII digits only, or -1. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
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
