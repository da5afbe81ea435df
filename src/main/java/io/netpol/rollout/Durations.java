package io.netpol.rollout;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in plans: {@code 24h}, {@code 30m}, {@code 7d}, {@code 90s}, or
 * ISO-8601.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("^(\\d{1,9})(ms|s|m|h|d|w)$");

  private Durations() {}

  /** The duration, or null when the text is not one. */
  public static Duration parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        case "d":
          return Duration.ofDays(n);
        default:
          return Duration.ofDays(7 * n);
      }
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Short form for output: 24h, 90m, 45s. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0 && s >= 86400 * 2) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
