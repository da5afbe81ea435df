package io.netpol.cli;

import io.netpol.failure.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netpol-rollout}: the rollout command group. */
@Command(
    name = "netpol-rollout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Roll reviewed NetworkPolicies out one namespace at a time, staged (audit mode) first where"
          + " the plan says, with soak gates on denied connections and deny rates, a watch that"
          + " rolls a failing step back by itself, and an emergency rollback that restores exactly"
          + " what was there before."
    },
    subcommands = {
      RolloutCommands.PlanCommand.class,
      RolloutCommands.StatusCommand.class,
      RolloutStepCommands.NextCommand.class,
      RolloutStepCommands.PromoteCommand.class,
      RolloutVerifyCommand.class,
      RolloutRollbackCommand.class,
      RolloutCommands.HistoryCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 finding, 2 invalid input or usage, 3 unexpected state, 4 internal error."
    })
public final class RolloutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.INVALID_INPUT.code();
  }
}
