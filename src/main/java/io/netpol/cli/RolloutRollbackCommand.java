package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.rollout.RestorePlan;
import io.netpol.rollout.Rollback;
import io.netpol.rollout.RolloutPlan;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netpol-rollout rollback}. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Emergency (needs the cluster): restore a namespace's policies exactly as they were before its"
          + " step (--namespace), or undo every applied step in reverse order (--all); from the"
          + " staged and from the enforced state alike.",
      "Removes only what the step wrote and puts back what it changed or removed. An object someone"
          + " changed or deleted since the step wrote it is named and nothing is changed, unless"
          + " --force. Works on a step interrupted by a crash too."
    })
final class RolloutRollbackCommand extends RolloutCommands.Base {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "The namespace to restore.")
  String namespace;

  @Option(names = "--all", description = "Undo every applied step, last first.")
  boolean all;

  @Option(names = "--dry-run", description = "Print what would be restored; change nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Restore even objects someone changed since the step wrote them (their change is lost)."
              + " Snapshots that do not match their object are never written.")
  boolean force;

  @Mixin LockOptions lock;

  RolloutRollbackCommand(Services services) {
    super(services);
  }

  @Override
  public Integer call() {
    if (all == (namespace != null)) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "give exactly one of --namespace NS or --all");
    }
    RolloutPlan plan = rollout.readPlan();
    List<Rollback.Result> results;
    try (RolloutContext ctx = context()) {
      results = ctx.service().rollback(plan, namespace, dryRun, force, lock.breakLock);
    }
    if (results.isEmpty()) {
      out().println("nothing to roll back: no step of plan " + plan.name() + " is applied");
    }
    print(out(), results);
    out().flush();
    return ExitCode.OK.code();
  }

  /** One line per object, then one per step. */
  static void print(PrintWriter out, List<Rollback.Result> results) {
    for (Rollback.Result r : results) {
      for (RestorePlan.Item i : r.items()) {
        out.println(
            (r.dryRun() && i.writes() ? "would " : "")
                + i.op().verb()
                + " "
                + i.kind().display()
                + " "
                + r.namespace()
                + "/"
                + i.name()
                + (i.conflict() != null ? ": " + i.conflict() : ""));
      }
      out.println((r.dryRun() ? "would roll back " : "rolled back ") + r.stepId());
    }
  }
}
