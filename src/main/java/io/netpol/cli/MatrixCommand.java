package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.flow.Endpoint;
import io.netpol.flow.IpAddresses;
import io.netpol.matrix.ConnectivityMatrix;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend matrix}: the connectivity test matrix and a script that runs it. */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "The connectivity test matrix of the policies: every observed allowed connection (it must"
          + " keep working), every observed denied attempt, pairs of workloads in different"
          + " namespaces or tiers that never talked on a port the server serves, and one internet"
          + " probe per workload; each with the verdict of the policies (allow or deny) and the"
          + " rules that decide it.",
      "-o script writes a bash script that runs every probe in a pod of the client workload with"
          + " kubectl exec (TCP: nc -zvw3, DNS: nslookup), compares the outcome with the"
          + " expectation and writes a JUnit XML report (--junit FILE); it exits 1 when a probe"
          + " does not behave as expected."
    })
public final class MatrixCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--policies",
      required = true,
      paramLabel = "PATH",
      description = "NetworkPolicy YAML/JSON file or folder (e.g. propose --out).")
  java.nio.file.Path policies;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Only connections with a side in this namespace; repeatable.")
  List<String> namespaces = new ArrayList<>();

  @Mixin
  OutputOptions output =
      OutputOptions.of(Format.TABLE, Format.JSON, Format.MARKDOWN, Format.SCRIPT);

  @Option(
      names = "--world-probe",
      defaultValue = "1.1.1.1:443",
      paramLabel = "IP:PORT",
      description = "The internet address each workload probes. Default: ${DEFAULT-VALUE}.")
  String worldProbe;

  @Option(
      names = "--max-never-seen",
      defaultValue = "200",
      paramLabel = "N",
      description = "At most N probes of pairs that never talked. Default: ${DEFAULT-VALUE}.")
  int maxNeverSeen;

  static final String BAD_WORLD_PROBE =
      "--world-probe '%s': use an IP address and a port, e.g. 1.1.1.1:443 or [2606:4700::1111]:443";

  private final Services services;

  public MatrixCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws Exception {
    MatrixRenderer renderer = MatrixRenderer.forFormat(output.format());
    Endpoint world = worldEndpoint();
    int worldPort = worldPort();
    if (maxNeverSeen < 0) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--max-never-seen must be 0 or more, not " + maxNeverSeen);
    }
    AuditScope scope = AuditScope.load(services, db, policies, false, null, namespaces);
    ConnectivityMatrix matrix =
        ConnectivityMatrix.of(
            scope.connections(),
            scope.policySet(),
            scope.mapping(),
            world,
            worldPort,
            maxNeverSeen);
    PrintWriter out = spec.commandLine().getOut();
    String generatedBy =
        "netpol-recommend matrix --policies "
            + policies
            + " from "
            + scope.db()
            + " at "
            + services.clock().instant();
    renderer.render(matrix, generatedBy, out);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "matrix: %d probes (%d expected to connect, %d expected to fail)%s%n",
        matrix.probes().size(),
        matrix.probes().stream().filter(p -> Boolean.TRUE.equals(p.expectAllow())).count(),
        matrix.probes().stream().filter(p -> Boolean.FALSE.equals(p.expectAllow())).count(),
        matrix.neverSeenLeftOut() > 0
            ? "; "
                + matrix.neverSeenLeftOut()
                + " more never-seen pairs left out (--max-never-seen)"
            : "");
    err.flush();
    return ExitCode.OK.code();
  }

  private Endpoint worldEndpoint() {
    String ip = worldHost();
    if (IpAddresses.parse(ip) == null) {
      throw new NetpolException(ExitCode.INVALID_INPUT, String.format(BAD_WORLD_PROBE, worldProbe));
    }
    return Endpoint.world(ip, null);
  }

  private String worldHost() {
    int colon = worldProbe.lastIndexOf(':');
    if (colon < 0) {
      throw new NetpolException(ExitCode.INVALID_INPUT, String.format(BAD_WORLD_PROBE, worldProbe));
    }
    String host = worldProbe.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private int worldPort() {
    try {
      int port = Integer.parseInt(worldProbe.substring(worldProbe.lastIndexOf(':') + 1));
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new NetpolException(ExitCode.INVALID_INPUT, String.format(BAD_WORLD_PROBE, worldProbe));
  }
}
