package io.netpol.cli;

import io.netpol.audit.Coverage;
import io.netpol.audit.ObservationWindow;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kube.PolicyFiles;
import io.netpol.kube.PolicyScope;
import io.netpol.policy.AfterState;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicyException;
import io.netpol.policy.PolicySet;
import io.netpol.report.ConnectionJudge;
import io.netpol.report.HtmlReport;
import io.netpol.report.JudgedConnection;
import io.netpol.report.MarkdownReport;
import io.netpol.report.ProposalImpact;
import io.netpol.report.TrafficGraph;
import io.netpol.report.TrafficReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend report}: a picture of the traffic and of the policy coverage. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write a report of the observed traffic: the graph (namespaces as groups, workloads as nodes,"
          + " links with port/protocol and connection counts, denied ones in red, internet, public"
          + " networks, nodes and the API server drawn apart), the policy coverage per namespace"
          + " (isolation, default deny, DNS egress), what --proposed changes against the policies"
          + " given (as diff shows it: the tool's own policies are added, changed or removed,"
          + " every other policy stays and keeps deciding), and the evidence window of every"
          + " edge.",
      "-o html writes one self-contained page that works offline; -o markdown a pull-request"
          + " comment with a Mermaid diagram. Beyond --max-workloads workloads the graph is drawn"
          + " per namespace; -n narrows the report to namespaces.",
      "To see how a proposal covers the traffic, pass it as --policies."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;
  @Mixin RolloutStateOption rolloutState;

  @Mixin PolicyOptions policies;

  @Option(
      names = "--proposed",
      paramLabel = "PATH",
      description =
          "A proposal (e.g. propose --out) to compare with the policies given (none: a flat"
              + " network), applied as netpol-rollout next would: the tool's own policies are"
              + " added, changed or removed, every other policy stays.")
  Path proposed;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Only connections with a side in this namespace; repeatable.")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
  Path out;

  @Mixin OutputOptions output = OutputOptions.of(Format.HTML, Format.MARKDOWN);

  @Option(
      names = "--max-workloads",
      defaultValue = "300",
      paramLabel = "N",
      description = "Draw one node per namespace beyond N workloads. Default: ${DEFAULT-VALUE}.")
  int maxWorkloads;

  private final Services services;

  public ReportCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    Format format = output.format();
    if (maxWorkloads < 1) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--max-workloads must be at least 1, not " + maxWorkloads);
    }
    boolean given = policies.check(false);
    AuditScope scope =
        AuditScope.load(services, db, policies.path, policies.cluster, kube, namespaces);
    PolicySet set = scope.policySet();
    List<JudgedConnection> judged =
        ConnectionJudge.judge(scope.connections(), given ? set : null, scope.mapping());
    ProposalImpact impact = proposed == null ? null : impact(scope);
    TrafficReport report =
        new TrafficReport(
            services.clock().instant(),
            scope.db().toString(),
            scope.policies().description(),
            List.copyOf(namespaces),
            ObservationWindow.of(scope.connections()),
            TrafficGraph.of(judged, maxWorkloads),
            Coverage.of(set, scope.namespaces(), scope.workloads(), scope.dnsServers()),
            impact,
            judged);
    String text = format == Format.HTML ? HtmlReport.render(report) : MarkdownReport.render(report);
    write(text);
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "wrote %s (%s): %d edges between %d nodes in %d namespaces%s%n",
        out,
        Sizes.human(text.getBytes(StandardCharsets.UTF_8).length),
        judged.size(),
        report.graph().nodes().size(),
        report.graph().groups().size(),
        report.graph().collapsed()
            ? "; "
                + report.graph().workloads()
                + " workloads drawn per namespace (over --max-workloads)"
            : "");
    err.flush();
    return ExitCode.OK.code();
  }

  /** The proposal applied to the policies given, as diff and netpol-rollout next apply it. */
  private ProposalImpact impact(AuditScope scope) {
    try {
      PolicyFiles.Read<Policy> proposal =
          PolicyFiles.readProposalCompact(proposed, PolicyScope.of(Set.copyOf(namespaces)));
      ReadNotes.print(spec.commandLine().getErr(), "report", proposal.notes(), proposed);
      List<Policy> deployed = scope.policies().policies().stream().map(Policy::of).toList();
      AfterState after =
          AfterState.of(
              namespaces, deployed, proposal.policies(), rolloutState.recordedSteps(services, db));
      if (after.namespaces().isEmpty()) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT, String.format(DiffCommand.EMPTY_PROPOSAL, proposed, proposed));
      }
      return ProposalImpact.of(after, scope.connections(), scope.mapping());
    } catch (PolicyException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--proposed " + proposed + ": " + e.getMessage());
    }
  }

  private void write(String text) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT,
            "--out " + out + ": folder " + parent + " does not exist; create it first");
      }
      Files.writeString(out, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "cannot write --out " + out + ": " + e.getMessage());
    }
  }
}
