package io.netpol.cli;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.kube.PolicyFiles;
import io.netpol.kube.PolicyScope;
import io.netpol.rollout.ApplyPlan;
import io.netpol.rollout.Decision;
import io.netpol.rollout.Durations;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.StepMode;
import io.netpol.text.DisplayText;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code next} and {@code promote}: the commands that put a step's policies in place. */
final class RolloutStepCommands {
  private RolloutStepCommands() {}

  /** What next and promote share: the namespace, --dry-run, --force and the lock. */
  abstract static class StepBase extends RolloutCommands.Base {
    @Option(
        names = {"-n", "--namespace"},
        required = true,
        paramLabel = "NS",
        description = "The namespace of the step.")
    String namespace;

    @Option(
        names = "--dry-run",
        description = "Print what would be created, changed and deleted; change nothing.")
    boolean dryRun;

    @Option(
        names = "--force",
        description =
            "Override the order, soak and gate checks (not the pre-flight checks); the audit log"
                + " records it.")
    boolean force;

    @Mixin LockOptions lock;

    StepBase(Services services) {
      super(services);
    }

    /** Prints the outcome; the exit code. */
    int report(RolloutService.StepResult r) {
      if (!r.decision().go()) {
        r.decision()
            .refusals()
            .forEach(
                reason -> err().println("netpol-rollout: refused: " + DisplayText.escape(reason)));
        err().flush();
        return r.decision().kind() == Decision.Kind.REFUSED_GATE
            ? ExitCode.FINDING.code()
            : ExitCode.UNEXPECTED_STATE.code();
      }
      if (r.decision().forced()) {
        r.decision()
            .refusals()
            .forEach(
                reason ->
                    err().println("netpol-rollout: forced past: " + DisplayText.escape(reason)));
      }
      r.notes().forEach(this::note);
      if (!r.problems().isEmpty()) {
        err()
            .println(
                "netpol-rollout: pre-flight checks failed for "
                    + namespace
                    + "; nothing was changed:");
        r.problems().forEach(p -> err().println("  - " + DisplayText.escape(p)));
        err().flush();
        return ExitCode.FINDING.code();
      }
      String verb = r.dryRun() ? "would " : "";
      for (ApplyPlan.Write w : r.writes()) {
        out()
            .println(
                verb
                    + w.action().verb()
                    + " "
                    + w.kind().display()
                    + " "
                    + namespace
                    + "/"
                    + w.name());
      }
      return ExitCode.OK.code();
    }

    String undo() {
      return "undo with: " + again("rollback", "--namespace", namespace);
    }
  }

  @Command(
      name = "next",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Apply the reviewed policies of the plan's next namespace (needs the cluster).",
        "Refuses any namespace but the next one, and refuses while an earlier step soaks, fails a"
            + " gate, has no evidence of traffic or is staged and not promoted (--force overrides;"
            + " the audit log records it). Before touching anything: the namespace and the pods the"
            + " selectors need exist, DNS egress is present, no same-named policy the plan does not"
            + " own is in the way, and no observed allowed connection would be blocked. A step with"
            + " mode: staged writes Calico StagedKubernetesNetworkPolicies (enforcing nothing);"
            + " promote enforces them after the staged soak."
      })
  static final class NextCommand extends StepBase {
    NextCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      RolloutService.StepResult r;
      try (RolloutContext ctx = context()) {
        // Read as diff reads it: only the policies the tool owns, other files noted and skipped;
        // in a folder laid out by namespace, only the step's folder.
        PolicyFiles.Read<NetworkPolicy> read =
            PolicyFiles.readProposal(
                rollout.policiesDir(plan),
                new PolicyScope(Set.of(namespace), ctx.knownNamespaces()));
        read.notes().forEach(n -> err().println("netpol-rollout: note: " + DisplayText.escape(n)));
        r = ctx.service().next(plan, namespace, read.policies(), dryRun, force, lock.breakLock);
      }
      int code = report(r);
      if (code != ExitCode.OK.code()) {
        return code;
      }
      RolloutPlan.Step step = plan.step(namespace);
      if (r.dryRun()) {
        out().println("dry run: nothing changed; pre-flight checks passed");
      } else if (step.mode() == StepMode.STAGED) {
        out()
            .println(
                "step "
                    + r.stepId()
                    + " staged (enforces nothing yet); soak "
                    + Durations.format(step.soak())
                    + ", then enforce with: "
                    + again("promote", "--namespace", namespace)
                    + "; "
                    + undo());
      } else {
        out()
            .println(
                "step "
                    + r.stepId()
                    + " applied; soak "
                    + Durations.format(step.soak())
                    + " before the next step; "
                    + undo());
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Enforce a staged step (needs the cluster): replace its StagedKubernetesNetworkPolicies"
            + " with the NetworkPolicies they previewed, and start the enforced soak.",
        "Refuses until the staged soak is over and its gates pass (audit denies, rates, evidence"
            + " of traffic; --force overrides). The NetworkPolicies are created before the staged"
            + " policies are removed, so the namespace is never without both; the pre-flight checks"
            + " run again first."
      })
  static final class PromoteCommand extends StepBase {
    PromoteCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      RolloutService.StepResult r;
      try (RolloutContext ctx = context()) {
        r = ctx.service().promote(plan, namespace, dryRun, force, lock.breakLock);
      }
      int code = report(r);
      if (code != ExitCode.OK.code()) {
        return code;
      }
      RolloutPlan.Step step = plan.step(namespace);
      out()
          .println(
              r.dryRun()
                  ? "dry run: nothing changed; pre-flight checks passed"
                  : "step "
                      + r.stepId()
                      + " enforced; soak "
                      + Durations.format(step.soak())
                      + " before the next step; "
                      + undo());
      out().flush();
      return ExitCode.OK.code();
    }
  }
}
