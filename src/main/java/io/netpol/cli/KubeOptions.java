package io.netpol.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the cluster: the user's kubeconfig and context, as kubectl would. */
public final class KubeOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context (default: the current one).")
  String context;

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String context() {
    return context;
  }
}
