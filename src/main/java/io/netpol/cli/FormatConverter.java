package io.netpol.cli;

import io.netpol.ingest.InputFormat;
import picocli.CommandLine;

/** Parses {@code --format} values such as {@code hubble-pb}. */
final class FormatConverter implements CommandLine.ITypeConverter<InputFormat> {
  @Override
  public InputFormat convert(String value) {
    try {
      return InputFormat.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "unknown format '" + value + "'; use auto, hubble, hubble-pb, calico or goldmane");
    }
  }
}
