package io.netpol.cli;

import io.netpol.failure.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend}: the command group. */
@Command(
    name = "netpol-recommend",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Observe Kubernetes traffic from Calico or Hubble flow logs and propose least-privilege"
          + " NetworkPolicies from it.",
      ""
    },
    subcommands = {
      ObserveCommand.class,
      FlowsCommand.class,
      ProposeCommand.class,
      DiffCommand.class,
      ExplainCommand.class,
      ReportCommand.class,
      MatrixCommand.class,
      AuditCommand.class,
      SimulateCommand.class
    },
    footer = {
      "",
      "Start with: netpol-recommend observe collectors/samples/voting-app-hubble.jsonl && netpol-recommend propose",
      "Exit codes: 0 ok, 1 finding, 2 invalid input or usage, 3 unexpected state, 4 internal error."
    })
public final class RecommendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.INVALID_INPUT.code();
  }
}
