package io.netpol.cli;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.kube.PolicyFiles;
import io.netpol.rollout.Decision;
import io.netpol.rollout.Durations;
import io.netpol.rollout.RolloutExecutor;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.RolloutService;
import io.netpol.store.AuditEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code netpol-rollout} subcommands. */
final class RolloutCommands {
  private RolloutCommands() {}

  /** Options every rollout subcommand takes (accepted after the subcommand name). */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RolloutOptions rollout;
    @Mixin DbOptions db;
    @Mixin KubeOptions kube;
    @Mixin LoggingOptions logging;
    final Services services;

    Base(Services services) {
      this.services = services;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Show the plan's steps in order with their soak times and gates.")
  static final class PlanCommand extends Base {
    PlanCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      out().println("plan " + plan.name() + " (policies: " + rollout.policiesDir(plan) + ")");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"STEP", "NAMESPACE", "SOAK", "GATE"});
      for (RolloutPlan.Step s : plan.steps()) {
        rows.add(
            new String[] {
              Integer.toString(s.index() + 1),
              s.namespace(),
              Durations.format(s.soak()),
              "at most " + s.maxDeniedConnections() + " denied connections since the step began"
            });
      }
      Table.print(out(), rows);
      out().flush();
      java.nio.file.Path dir = rollout.policiesDir(plan);
      if (!java.nio.file.Files.isDirectory(dir)) {
        err()
            .println(
                "netpol-rollout: note: "
                    + dir
                    + " does not exist yet; write it with netpol-recommend propose --out "
                    + dir);
        return ExitCode.OK.code();
      }
      java.util.Set<String> proposed = new java.util.TreeSet<>();
      PolicyFiles.readProposal(dir)
          .policies()
          .forEach(p -> proposed.add(p.getMetadata().getNamespace()));
      List<String> unknown =
          plan.steps().stream()
              .map(RolloutPlan.Step::namespace)
              .filter(ns -> !proposed.contains(ns))
              .toList();
      if (!unknown.isEmpty()) {
        err()
            .println(
                "netpol-rollout: "
                    + rollout.plan
                    + ": no proposed policies in "
                    + dir
                    + " for "
                    + String.join(", ", unknown)
                    + "; fix the plan's namespaces or run propose for them");
        return ExitCode.INVALID_INPUT.code();
      }
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Show each step: pending, applied and soaking, healthy, failing its gate, rolled back; and"
              + " the denied connections seen in its namespace since it was applied.")
  static final class StatusCommand extends Base {
    StatusCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      try (RolloutContext ctx = new RolloutContext(services, db, kube)) {
        out().println("plan " + plan.name());
        Table.print(out(), RolloutText.statusRows(ctx.service().status(plan)));
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "next",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Apply the reviewed policies of the plan's next namespace.",
        "Refuses any namespace but the next one, and refuses while the previous step soaks or failed its gate"
            + " (--force overrides; the audit log records it). Before touching anything: the namespace and the"
            + " pods the selectors need exist, DNS egress is present, and no observed allowed connection would be"
            + " blocked. Then it snapshots the namespace's NetworkPolicies and applies the proposal."
      })
  static final class NextCommand extends Base {
    @Option(
        names = {"-n", "--namespace"},
        required = true,
        paramLabel = "NS",
        description = "The namespace to roll out.")
    String namespace;

    @Option(
        names = "--dry-run",
        description = "Print what would be created, changed and deleted; change nothing.")
    boolean dryRun;

    @Option(
        names = "--force",
        description = "Override the order, soak and gate checks (not the pre-flight checks).")
    boolean force;

    @Mixin LockOptions lock;

    NextCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      // Read as diff reads it: only the policies the tool owns, other files noted and skipped.
      PolicyFiles.Read<NetworkPolicy> read = PolicyFiles.readProposal(rollout.policiesDir(plan));
      read.notes().forEach(n -> err().println("netpol-rollout: note: " + n));
      List<NetworkPolicy> proposal = read.policies();
      RolloutService.NextResult r;
      try (RolloutContext ctx = new RolloutContext(services, db, kube)) {
        r = ctx.service().next(plan, namespace, proposal, dryRun, force, lock.breakLock);
      }
      if (!r.decision().go()) {
        r.decision()
            .refusals()
            .forEach(reason -> err().println("netpol-rollout: refused: " + reason));
        err().flush();
        return r.decision().kind() == Decision.Kind.REFUSED_GATE
            ? ExitCode.FINDING.code()
            : ExitCode.UNEXPECTED_STATE.code();
      }
      if (r.decision().forced()) {
        r.decision()
            .refusals()
            .forEach(reason -> err().println("netpol-rollout: forced past: " + reason));
      }
      if (!r.problems().isEmpty()) {
        err()
            .println(
                "netpol-rollout: pre-flight checks failed for "
                    + namespace
                    + "; nothing was changed:");
        r.problems().forEach(p -> err().println("  - " + p));
        err().flush();
        return ExitCode.FINDING.code();
      }
      String verb = r.dryRun() ? "would " : "";
      for (Map.Entry<String, String> a : r.actions().entrySet()) {
        out()
            .println(
                verb
                    + RolloutExecutor.verb(a.getValue())
                    + " networkpolicy "
                    + namespace
                    + "/"
                    + a.getKey());
      }
      if (r.dryRun()) {
        out().println("dry run: nothing changed; pre-flight checks passed");
      } else {
        RolloutPlan.Step step = plan.steps().get(plan.indexOf(namespace));
        out()
            .println(
                "step "
                    + r.stepId()
                    + " applied; soak "
                    + Durations.format(step.soak())
                    + " before the next step; undo with: netpol-rollout rollback --plan "
                    + rollout.plan
                    + " --namespace "
                    + namespace);
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Evaluate every applied step's gate now from the flows observed since it began; exit 1 when one fails.")
  static final class VerifyCommand extends Base {
    @Option(names = "--rollback-on-fail", description = "Roll back every step whose gate fails.")
    boolean rollbackOnFail;

    @Mixin LockOptions lock;

    VerifyCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      RolloutService.VerifyResult r;
      try (RolloutContext ctx = new RolloutContext(services, db, kube)) {
        r = ctx.service().verify(plan, rollbackOnFail, lock.breakLock);
      }
      Table.print(out(), RolloutText.statusRows(r.statuses()));
      for (RolloutService.RollbackResult rb : r.rolledBack()) {
        out().println("rolled back " + rb.namespace() + " (gate failed): " + rb.restored());
      }
      out().println(r.healthy() ? "all gates pass" : "a gate fails");
      out().flush();
      return r.healthy() ? ExitCode.OK.code() : ExitCode.FINDING.code();
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Emergency: restore a namespace's NetworkPolicies exactly as they were before its step (--namespace),"
            + " or undo every applied step in reverse order (--all).",
        "Removes only policies the tool created; puts back what it changed or removed. Works on a step"
            + " interrupted by a crash too."
      })
  static final class RollbackCommand extends Base {
    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "The namespace to restore.")
    String namespace;

    @Option(names = "--all", description = "Undo every applied step, last first.")
    boolean all;

    @Option(names = "--dry-run", description = "Print what would be restored; change nothing.")
    boolean dryRun;

    @Mixin LockOptions lock;

    RollbackCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      if (all == (namespace != null)) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT, "give exactly one of --namespace NS or --all");
      }
      RolloutPlan plan = rollout.readPlan();
      List<RolloutService.RollbackResult> results;
      try (RolloutContext ctx = new RolloutContext(services, db, kube)) {
        results = ctx.service().rollback(plan, namespace, dryRun, lock.breakLock);
      }
      if (results.isEmpty()) {
        out().println("nothing to roll back: no step of plan " + plan.name() + " is applied");
      }
      for (RolloutService.RollbackResult r : results) {
        for (Map.Entry<String, String> e : r.restored().entrySet()) {
          out()
              .println(
                  (r.dryRun() ? "would " : "")
                      + e.getValue()
                      + " networkpolicy "
                      + r.namespace()
                      + "/"
                      + e.getKey());
        }
        out().println((r.dryRun() ? "would roll back " : "rolled back ") + r.stepId());
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Show the append-only audit log of the plan's rollout actions.")
  static final class HistoryCommand extends Base {
    HistoryCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"TIME", "ACTOR", "NAMESPACE", "ACTION", "DETAIL"});
      try (RolloutContext ctx = new RolloutContext(services, db, kube)) {
        for (AuditEntry e : ctx.store().rollouts().history(plan.name())) {
          rows.add(
              new String[] {
                RolloutText.time(e.at()),
                e.actor(),
                e.namespace() == null ? "-" : e.namespace(),
                e.action(),
                e.detail()
              });
        }
      }
      Table.print(out(), rows);
      out().flush();
      return ExitCode.OK.code();
    }
  }
}
