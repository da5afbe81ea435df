package io.netpol.cli;

import io.netpol.kube.PolicyFiles;
import io.netpol.rollout.Durations;
import io.netpol.rollout.RolloutPlan;
import io.netpol.store.AuditEntry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The read-only {@code netpol-rollout} subcommands, and what every subcommand shares. */
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

    RolloutContext context() {
      return new RolloutContext(services, db, kube, rollout, err());
    }

    void note(String text) {
      err().println("netpol-rollout: note: " + text);
    }

    /**
     * The command line that runs {@code subcommand} on the plan, store, state and cluster this run
     * used, for the hints a command prints (then promote with..., undo with...): copied as printed,
     * it works.
     */
    String again(String subcommand, String... more) {
      List<String> words = new ArrayList<>(List.of("netpol-rollout", subcommand));
      words.add("--plan");
      words.add(rollout.plan.toString());
      Object[][] given = {
        {"--db", db.db}, {"--state", rollout.state},
        {"--kubeconfig", kube.kubeconfig}, {"--context", kube.context}
      };
      for (Object[] option : given) {
        if (option[1] != null) {
          words.add((String) option[0]);
          words.add(option[1].toString());
        }
      }
      words.addAll(List.of(more));
      return String.join(" ", words.stream().map(RolloutCommands::shellWord).toList());
    }
  }

  /** {@code word} as a shell reads it back: quoted when it holds anything but plain characters. */
  static String shellWord(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Show the plan's steps in order with their mode (staged or enforce), soak times and"
              + " gates. Reads only the plan and the policy files.")
  static final class PlanCommand extends Base {
    PlanCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      out().println("plan " + plan.name() + " (policies: " + rollout.policiesDir(plan) + ")");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"STEP", "NAMESPACE", "MODE", "SOAK", "GATES"});
      for (RolloutPlan.Step s : plan.steps()) {
        rows.add(
            new String[] {
              Integer.toString(s.index() + 1),
              s.namespace(),
              s.mode().wireName(),
              Durations.format(s.soak()),
              RolloutText.limits(s)
            });
      }
      Table.print(out(), rows);
      out().flush();
      Path dir = rollout.policiesDir(plan);
      if (!Files.isDirectory(dir)) {
        note(dir + " does not exist yet; write it with netpol-recommend propose --out " + dir);
        return ExitCode.OK.code();
      }
      Set<String> proposed = new TreeSet<>();
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
          "Show each step (pending, staged or enforced and soaking, healthy, failing its gate, no"
              + " evidence, rolled back) and every gate of an applied step with its measured value."
              + " Reads only the store.")
  static final class StatusCommand extends Base {
    StatusCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      try (RolloutContext ctx = context()) {
        out().println("plan " + plan.name());
        RolloutText.status(out(), ctx.service().status(plan));
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Show the append-only audit log of the plan's rollout actions. Reads only the store.")
  static final class HistoryCommand extends Base {
    HistoryCommand(Services services) {
      super(services);
    }

    @Override
    public Integer call() {
      RolloutPlan plan = rollout.readPlan();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"TIME", "ACTOR", "NAMESPACE", "ACTION", "DETAIL"});
      try (RolloutContext ctx = context()) {
        for (AuditEntry e : ctx.state().rollouts().history(plan.name())) {
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
      if (rows.size() == 1) {
        out().println(String.format(NO_HISTORY, plan.name()));
      } else {
        Table.print(out(), rows);
      }
      out().flush();
      return ExitCode.OK.code();
    }
  }

  /** What history says when the audit log holds nothing of the plan. */
  static final String NO_HISTORY = "no rollout of plan %s recorded yet";
}
