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
    try {
      if (text.endsWith("Z") || text.endsWith("z")) {
        return Instant.parse(text).toEpochMilli();
      }
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new MalformedRecordException("bad timestamp \"" + abbreviate(text) + "\"");
    }
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
