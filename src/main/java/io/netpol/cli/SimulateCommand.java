package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.simulate.Simulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend simulate}: write synthetic flow logs of the reference voting app. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write synthetic flow logs of the reference voting app, for demos and benchmarks.",
      "",
      "The app: ingress -> frontend:80 -> api:8000 -> redis:6379 and postgres:5432; consumer -> redis and"
          + " postgres; DNS to kube-dns; kubelet probes; replies. Written as Hubble or Calico would export it."
    })
public final class SimulateCommand implements Callable<Integer> {
  static final String PODS_NEED_HUBBLE =
      "--pods writes Hubble flows: use it with --format hubble, without --large-cluster";

  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--format",
      defaultValue = "hubble",
      description = "hubble or calico. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--lines",
      defaultValue = "2000",
      description = "Number of lines to write. Default: ${DEFAULT-VALUE}.")
  long lines;

  @Option(
      names = "--large-cluster",
      paramLabel = "WORKLOADS",
      description =
          "Instead of the voting app, a large cluster of WORKLOADS workloads (namespaces of 100, a hub"
              + " every one calls, kube-dns) as Calico flow-log records, one per distinct edge; --lines"
              + " is then the number of edges. For the propose benchmark.")
  Integer largeCluster;

  @Option(
      names = "--pods",
      paramLabel = "N",
      description =
          "Hubble only: instead of the voting app's ten pods, a cluster of about N distinct pods"
              + " (workloads of 3 replicas, 20 to a namespace, each calling two others, a node per"
              + " 30 pods): every pod an endpoint of its own, with the labels of a real deployment."
              + " For the observe benchmark.")
  Integer pods;

  @Option(
      names = "--start",
      defaultValue = "2026-11-20T10:00:00Z",
      description = "Time of the first record (RFC 3339). Default: ${DEFAULT-VALUE}.")
  Instant start;

  @Option(
      names = {"-O", "--out"},
      paramLabel = "FILE",
      description = "Write here (.gz compresses) instead of stdout.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Simulator.Format f;
    try {
      f = Simulator.Format.parse(format);
    } catch (IllegalArgumentException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "unknown --format '" + format + "'; use hubble or calico");
    }
    if (pods != null && (pods < 1 || f != Simulator.Format.HUBBLE || largeCluster != null)) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          pods < 1 ? "--pods must be at least 1, not " + pods : PODS_NEED_HUBBLE);
    }
    if (largeCluster != null && largeCluster < 1) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--large-cluster must be at least 1, not " + largeCluster);
    }
    if (out == null) {
      write(f, spec.commandLine().getOut());
      spec.commandLine().getOut().flush();
    } else {
      try (Writer o = open(out)) {
        long n = write(f, o);
        spec.commandLine()
            .getErr()
            .printf(
                "simulate: wrote %,d %s lines to %s%n",
                n, largeCluster != null ? "calico" : format, out);
      }
    }
    return ExitCode.OK.code();
  }

  private long write(Simulator.Format f, Writer o) throws IOException {
    if (largeCluster != null) {
      return Simulator.writeLargeCluster(o, start, largeCluster, lines);
    }
    if (pods != null) {
      return Simulator.writeManyPods(o, start, pods, lines);
    }
    return Simulator.write(f, o, start, lines);
  }

  private static Writer open(Path path) throws IOException {
    OutputStream o = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    if (path.toString().endsWith(".gz")) {
      o = new GZIPOutputStream(o, 1 << 16);
    }
    return new OutputStreamWriter(o, StandardCharsets.UTF_8);
  }
}
