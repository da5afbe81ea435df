package io.netpol.cli;

import io.netpol.audit.AuditInput;
import io.netpol.audit.AuditResult;
import io.netpol.audit.Auditor;
import io.netpol.failure.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend audit}: compliance findings on the policies in force. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Audit the NetworkPolicies in force against the observed traffic and say what is missing or"
          + " too wide, with a score per namespace (100 minus 20 per error and 5 per warning):",
      "  errors: workloads not isolated for ingress, rules allowing every peer on every port,"
          + " egress-isolated workloads without DNS egress;",
      "  warnings: no default deny (per direction), workloads not isolated for egress, rules open"
          + " to 0.0.0.0/0, to every namespace or to any peer on some ports, rules no observed"
          + " connection used over the observation window, observed denied connections, forced"
          + " rollout steps;",
      "  info: rules open to every pod of their namespace.",
      "The policy changes netpol-rollout recorded (who, when, what) are listed too.",
      "Namespaces: -n, else every namespace with workloads or policies except the system ones.",
      "Exit 1 when a finding is at or above --fail-on, 0 otherwise, 2 on bad input."
    })
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;

  @Mixin PolicyOptions policies;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Audit this namespace; repeatable.")
  List<String> namespaces = new ArrayList<>();

  @Mixin OutputOptions output = OutputOptions.of(Format.TEXT, Format.JSON, Format.MARKDOWN);

  @Option(
      names = "--fail-on",
      defaultValue = "error",
      paramLabel = "SEVERITY",
      description = "warning, error or never. Default: ${DEFAULT-VALUE}.")
  FailOn failOn;

  private final Services services;

  public AuditCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws Exception {
    AuditRenderer renderer = AuditRenderer.forFormat(output.format());
    policies.check(true);
    AuditScope scope =
        AuditScope.load(services, db, policies.path, policies.cluster, kube, namespaces);
    AuditResult result =
        Auditor.audit(
            new AuditInput(
                scope.policySet(),
                scope.namespaces(),
                scope.workloads(),
                scope.connections(),
                scope.mapping(),
                scope.dnsServers(),
                scope.changes()));
    PrintWriter out = spec.commandLine().getOut();
    renderer.render(result, scope.policies().description(), out);
    out.flush();
    boolean fails = failOn.severity() != null && result.failsAt(failOn.severity());
    return fails ? ExitCode.FINDING.code() : ExitCode.OK.code();
  }
}
