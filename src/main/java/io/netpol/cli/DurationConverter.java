package io.netpol.cli;

import io.netpol.rollout.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses durations such as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} or ISO
 * {@code PT24H}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d = Durations.parse(value);
    if (d == null || d.isNegative()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; use e.g. 30m, 24h, 7d or PT24H");
    }
    return d;
  }
}
