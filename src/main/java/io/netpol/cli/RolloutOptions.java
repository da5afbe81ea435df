package io.netpol.cli;

import io.netpol.rollout.PlanReader;
import io.netpol.rollout.RolloutPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The plan, the reviewed policies a rollout works from, and where its state is kept. */
public final class RolloutOptions {
  /** Where policies are read from when neither --policies nor the plan says. */
  static final String DEFAULT_POLICIES = "netpol-policies";

  @Option(
      names = "--plan",
      required = true,
      paramLabel = "FILE",
      description = "Rollout plan, e.g. rollout-plans/voting-app.yaml.")
  Path plan;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "The reviewed output of propose --out (default: the plan's spec.policies, else ./"
              + DEFAULT_POLICIES
              + ").")
  Path policies;

  @Option(
      names = "--state",
      paramLabel = "PATH",
      description =
          "SQLite file for the rollout state (steps, snapshots, lock, audit log), apart from the"
              + " flows in --db, which an exposed observe process writes (default: the --db file;"
              + " created when missing).")
  Path state;

  RolloutPlan readPlan() {
    return PlanReader.read(plan);
  }

  /** The policies folder, relative to the working folder when it lies below it. */
  Path policiesDir(RolloutPlan p) {
    if (policies != null) {
      return policies;
    }
    Path dir = Path.of(p.policies() != null ? p.policies() : DEFAULT_POLICIES);
    Path here = Path.of("").toAbsolutePath();
    return dir.isAbsolute() && dir.startsWith(here) ? here.relativize(dir) : dir;
  }
}
