package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the policies in force come from: files, or the cluster (its namespaces and pods too). */
public final class PolicyOptions {
  static final String BOTH = "--policies and --cluster are mutually exclusive: give one of them";
  static final String NEITHER = "give the policies in force: --policies PATH or --cluster";

  @Option(
      names = "--policies",
      paramLabel = "PATH",
      description = "NetworkPolicy YAML/JSON file or folder (e.g. propose --out).")
  Path path;

  @Option(
      names = "--cluster",
      description =
          "The NetworkPolicies, namespaces and pods of the current kubeconfig context (read only).")
  boolean cluster;

  /** True when policies were given; refuses both at once, and neither when {@code required}. */
  boolean check(boolean required) {
    if (path != null && cluster) {
      throw new NetpolException(ExitCode.INVALID_INPUT, BOTH);
    }
    if (required && path == null && !cluster) {
      throw new NetpolException(ExitCode.INVALID_INPUT, NEITHER);
    }
    return path != null || cluster;
  }
}
