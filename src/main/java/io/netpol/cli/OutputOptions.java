package io.netpol.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code -o/--output} option, the same for every command that prints a result. A command
 * creates its instance with the formats it accepts, the first being its default:
 *
 * <pre>{@code @Mixin OutputOptions output = OutputOptions.of(Format.TABLE, Format.JSON);}</pre>
 *
 * picocli fills the instance the field holds, so the default shows in {@code --help} and a format
 * the command cannot print is refused with one message naming the ones it can.
 */
public final class OutputOptions {

  static final String UNSUPPORTED = "-o '%s': use %s";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format, one of those named above. Default: ${DEFAULT-VALUE}.")
  String value;

  private final List<Format> accepted;

  private OutputOptions(List<Format> accepted) {
    this.accepted = List.copyOf(accepted);
    this.value = accepted.get(0).cliName();
  }

  /** The option for a command that prints {@code first} (its default) or one of {@code more}. */
  public static OutputOptions of(Format first, Format... more) {
    List<Format> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(more));
    return new OutputOptions(all);
  }

  /** The chosen format; an {@link ExitCode#INVALID_INPUT} failure if this command lacks it. */
  public Format format() {
    String wanted = value.toLowerCase(Locale.ROOT);
    for (Format f : accepted) {
      if (f.cliName().equals(wanted)) {
        return f;
      }
    }
    throw new NetpolException(ExitCode.INVALID_INPUT, String.format(UNSUPPORTED, value, choices()));
  }

  /** "text, json or markdown". */
  String choices() {
    List<String> names = accepted.stream().map(Format::cliName).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
