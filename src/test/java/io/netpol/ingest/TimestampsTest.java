package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for canonical UTC timestamps reads exactly what java.time reads, and rejects the
 * same, from a string and from bytes.
 */
class TimestampsTest {

  @Test
  void canonical_utc_timestamps_read_as_java_time_reads_them() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      String text = random(random);
      assertSameAsJavaTime(text);
    }
    for (String text :
        new String[] {
          "2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000137Z", "1970-01-01T00:00:00Z",
              "1969-12-31T23:59:59.999Z",
          "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.5Z",
              "2023-02-29T12:00:00Z",
          "2026-11-20T23:59:60Z", "2026-11-20T24:00:00Z", "2026-11-20T10:00:00.Z",
              "2026-11-20T10:00:00.1234567890Z",
          "2026-11-20t10:00:00z", "2026-11-20T10:00:00+02:00", "2026-13-01T00:00:00Z",
              "2026-00-10T00:00:00Z",
          "2026-04-31T00:00:00Z", "+2026-11-20T10:00:00Z", "2026-11-20T10:0a:00Z",
              "2026-11-20 10:00:00Z",
          "2026-11-20T10:00:00,5Z", "2026-11-20T10:00:00.-5Z"
        }) {
      assertSameAsJavaTime(text);
    }
  }

  private static String random(Random r) {
    String fraction =
        switch (r.nextInt(4)) {
          case 0 -> "";
          case 1 -> "." + digits(r, 1 + r.nextInt(9));
          case 2 -> "." + digits(r, 3);
          default -> "." + digits(r, 9);
        };
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
        r.nextBoolean() ? 1960 + r.nextInt(100) : r.nextInt(10_000),
        r.nextInt(14),
        r.nextInt(33),
        r.nextInt(26),
        r.nextInt(61),
        r.nextInt(62),
        fraction);
  }

  private static String digits(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  private static void assertSameAsJavaTime(String text) {
    Long expected;
    try {
      expected =
          text.endsWith("Z") || text.endsWith("z")
              ? Instant.parse(text).toEpochMilli()
              : java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      expected = null;
    }
    if (expected == null) {
      assertThrows(MalformedRecordException.class, () -> Timestamps.parseRfc3339Millis(text), text);
    } else {
      assertEquals(expected, Timestamps.parseRfc3339Millis(text), text);
    }
    // The scanner reads the text's bytes.
    byte[] bytes = ("\"" + text + "\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(
        expected == null ? Timestamps.INVALID : expected,
        Timestamps.rfc3339MillisOrInvalid(bytes, 1, bytes.length - 1),
        text);
  }
}
