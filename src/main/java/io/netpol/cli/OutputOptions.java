package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code -o/--output} option, the same for every command that prints a result. A command
 * creates its instance with the formats it accepts, the first being its default:
 *
 * <pre>{@code @Mixin OutputOptions output = OutputOptions.of(Format.TABLE, Format.JSON);}</pre>
 *
 * picocli fills the instance the field holds, so the default shows in {@code --help} and a format
 * the command cannot print is refused with one message naming the ones it can; {@link
 * #nameTheFormats} makes the option's help line name them too.
 */
public final class OutputOptions {

  static final String UNSUPPORTED = "-o '%s': use %s";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format. Default: ${DEFAULT-VALUE}.")
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

  /**
   * Makes the {@code -o} help line of {@code commandLine} and of its subcommands name the formats
   * each prints ("Output format: text, json or markdown. Default: text."): an annotation cannot
   * know them, the instance each command creates does.
   */
  static void nameTheFormats(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof OutputOptions options) {
        OptionSpec option = spec.findOption("--output");
        spec.remove(option);
        spec.addOption(
            option.toBuilder()
                .description("Output format: " + options.choices() + ". Default: ${DEFAULT-VALUE}.")
                .build());
      }
    }
    commandLine.getSubcommands().values().forEach(OutputOptions::nameTheFormats);
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
