package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --help} and {@code --version} on every command. */
class HelpAndVersionTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "'', --help, Usage: netpol-recommend",
    "'', --version, netpol-recommend",
    "observe, --help, Usage: netpol-recommend observe",
    "observe, --version, netpol-recommend",
    "flows, --help, Usage: netpol-recommend flows",
    "flows, --version, netpol-recommend",
    "simulate, --help, Usage: netpol-recommend simulate",
    "simulate, --version, netpol-recommend",
    "observe, -h, Usage: netpol-recommend observe",
    "flows, -V, netpol-recommend",
  })
  void help_and_version_work_on_every_command_and_exit_0(
      String command, String option, String expected) {
    List<String> args = new ArrayList<>();
    if (!command.isEmpty()) {
      args.add(command);
    }
    args.add(option);

    CommandHarness.Result r = CommandHarness.run(args.toArray(String[]::new)).exits(0);

    assertTrue(r.out().startsWith(expected), r::toString);
    assertTrue(r.err().isEmpty(), r::toString);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "observe, --db",
    "observe, --strict",
    "observe, --max-record-size",
    "flows, --namespace",
    "flows, --output"
  })
  void help_documents_the_options(String command, String option) {
    CommandHarness.Result r = CommandHarness.run(command, "--help").exits(0);

    assertTrue(r.out().contains(option), r::toString);
  }
}
