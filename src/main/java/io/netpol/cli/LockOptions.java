package io.netpol.cli;

import picocli.CommandLine.Option;

/** For rollout commands that change the cluster and so take the rollout lock. */
public final class LockOptions {
  @Option(
      names = "--break-lock",
      description = "Take the rollout lock from a rollout that is gone.")
  boolean breakLock;
}
