package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where {@code netpol-rollout} keeps its state, for the commands that show what a rollout would do:
 * a policy labelled by the tool counts as the tool's only when a step recorded there wrote it, as
 * the rollout itself decides.
 */
final class RolloutStateOption {
  @Option(
      names = "--state",
      paramLabel = "PATH",
      description =
          "SQLite file of netpol-rollout's state, when it keeps it apart from --db: a labelled"
              + " policy is the tool's only when a step recorded there wrote it (default: the --db"
              + " file).")
  Path state;

  /** Every rollout step recorded in the state; none when there is no state yet. */
  Set<String> recordedSteps(Services services, DbOptions db) {
    Path path = state != null ? state : db.resolve();
    if (!Files.isRegularFile(path)) {
      if (state != null) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT,
            "--state " + state + ": no such file; pass the file netpol-rollout --state uses");
      }
      return Set.of();
    }
    try (Store store = services.openStore(path)) {
      return store.rollouts().recordedSteps();
    }
  }
}
