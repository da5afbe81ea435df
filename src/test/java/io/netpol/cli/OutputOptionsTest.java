package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One {@code -o} option for every command: its default in the help, one message for the rest. */
class OutputOptionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "flows, 'table or json', table",
    "diff, 'text, json or markdown', text",
    "explain, 'text or json', text",
    "propose, 'yaml or json', yaml",
    "report, 'html or markdown', html",
    "matrix, 'table, json, markdown or script', table",
    "audit, 'text, json or markdown', text"
  })
  void help_names_each_commands_own_formats_and_default(
      String command, String choices, String format) {
    CommandHarness.Result r = CommandHarness.run(command, "--help").exits(0);

    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(
        help.contains(
            "-o, --output=FORMAT Output format: " + choices + ". Default: " + format + "."),
        r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "flows, 'table or json'",
    "diff, 'text, json or markdown'",
    "explain, 'text or json'",
    "propose, 'yaml or json'",
    "report, 'html or markdown'",
    "matrix, 'table, json, markdown or script'",
    "audit, 'text, json or markdown'"
  })
  void a_format_the_command_cannot_print_is_refused_before_anything_is_read(
      String command, String choices, @TempDir Path tmp) {
    String db = tmp.resolve("no.db").toString();
    String[] args =
        switch (command) {
          case "diff" -> new String[] {"--proposed", db, "--deployed", db};
          case "explain" -> new String[] {"--policies", db, "--from", "a/b", "--to", "c/d"};
          case "report" -> new String[] {"--out", tmp.resolve("r.html").toString()};
          case "matrix", "audit" -> new String[] {"--policies", db};
          default -> new String[0];
        };
    String[] all =
        CommandHarness.concat(
            CommandHarness.concat(new String[] {command}, args), "--db", db, "-o", "markdownx");
    if (command.equals("explain")) {
      all = CommandHarness.concat(all, "--port", "80");
    }

    CommandHarness.Result r = CommandHarness.run(all).exits(2);

    assertEquals(
        "netpol-recommend: " + String.format(OutputOptions.UNSUPPORTED, "markdownx", choices),
        r.err().trim(),
        r::toString);
    assertEquals(0, tmp.toFile().list().length, "nothing was read or written: " + r);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"JSON, json", "Yaml, yaml"})
  void format_names_are_case_insensitive(String given, String expected) {
    OutputOptions options = OutputOptions.of(Format.YAML, Format.JSON);
    options.value = given;

    assertEquals(expected, options.format().cliName());
  }
}
