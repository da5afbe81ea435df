package io.netpol.cli;

import io.netpol.rollout.PlanReader;
import io.netpol.rollout.RolloutPlan;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The plan and the reviewed policies a rollout works from. */
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

  RolloutPlan readPlan() {
    return PlanReader.read(plan);
  }

  Path policiesDir(RolloutPlan p) {
    if (policies != null) {
      return policies;
    }
    return Path.of(p.policies() != null ? p.policies() : DEFAULT_POLICIES);
  }
}
