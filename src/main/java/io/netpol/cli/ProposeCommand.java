package io.netpol.cli;

import io.netpol.recommend.KubernetesNames;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.RecommendInput;
import io.netpol.recommend.RecommendOptions;
import io.netpol.recommend.Recommender;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netpol-recommend propose}: least-privilege NetworkPolicies from the stored connections.
 */
@Command(
    name = "propose",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Propose networking.k8s.io/v1 NetworkPolicies allowing exactly the observed allowed traffic.",
      "",
      "Per namespace in scope: default-deny (ingress and egress), allow-dns to the DNS pods observed,",
      "<workload>-ingress and <workload>-egress naming the observed peers and ports. Every policy",
      "carries its evidence as annotations. Denied and audit connections never become rules; they",
      "are listed for review on stderr. The same store always gives byte-identical output."
    })
public final class ProposeCommand implements Callable<Integer> {

  static final String EMPTY_STORE =
      "no connections in %s: run 'netpol-recommend observe' on flow logs first";
  static final String BAD_NAMESPACE = "--%s %s is not a namespace name (DNS-1123 label)";

  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write <DIR>/<namespace>/<policy>.yaml and <DIR>/kustomization.yaml instead of printing.")
  Path out;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Propose for this namespace (repeatable). Default: every namespace with observed pods"
              + " except kube-system, kube-public, kube-node-lease and the CNI's.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--exclude-namespace",
      paramLabel = "NS",
      description = "Leave this namespace out (repeatable).")
  List<String> excluded = new ArrayList<>();

  @Option(
      names = "--min-count",
      paramLabel = "N",
      defaultValue = "1",
      description = "Drop connections seen fewer than N times. Default: ${DEFAULT-VALUE}.")
  long minCount;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Drop connections not seen within this long before now, e.g. 24h or 7d.")
  Duration since;

  @Option(
      names = "--world-prefix",
      paramLabel = "N",
      description =
          "Allow each observed external IPv4 address's covering /N network (8..32) instead of the /32.")
  Integer worldPrefix;

  @Option(
      names = "--allow-any-world",
      description =
          "Allow observed external ports to any internet address (0.0.0.0/0 minus private ranges, ::/0).")
  boolean allowAnyWorld;

  @Option(
      names = "--volatile-label",
      paramLabel = "KEY",
      description =
          "A label key (or prefix ending in *) never to select on, on top of pod-template-hash etc.")
  List<String> volatileLabels = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      description = "yaml (multi-document) or json (a v1 List). Default: ${DEFAULT-VALUE}.")
  DocumentFormat output;

  private final Services services;

  public ProposeCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    RecommendOptions options = options();
    Path dbPath = db.existing();
    RecommendInput input;
    try (Store store = services.openStore(dbPath)) {
      EdgeReader edges = store.edges();
      input =
          new RecommendInput(
              edges.connections(List.of()),
              edges.workloadLabelSets(),
              edges.namespaceLabels(),
              edges.sources());
    }
    if (input.connections().isEmpty()) {
      throw new NetpolException(ExitCode.UNEXPECTED_STATE, String.format(EMPTY_STORE, dbPath));
    }
    Proposal proposal = Recommender.propose(input, options);
    PrintWriter err = spec.commandLine().getErr();
    if (out != null) {
      List<String> files = ProposalFiles.write(proposal, out, output);
      err.printf(
          "wrote %d policies to %s and %s listing them%n",
          files.size(), out, ProposalFiles.KUSTOMIZATION);
      List<String> stale = ProposalFiles.removeStale(out, proposal.policies().keySet(), files);
      if (!stale.isEmpty()) {
        err.printf(
            "removed %d policies an earlier run wrote that are no longer proposed: %s%n",
            stale.size(), String.join(", ", stale));
      }
    } else {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(
          output == DocumentFormat.JSON
              ? PolicyDocuments.jsonList(proposal.all())
              : PolicyDocuments.yaml(proposal.all()));
      stdout.flush();
    }
    new ProposalSummary(proposal, input.connections(), logging.verbose).print(err);
    return ExitCode.OK.code();
  }

  private RecommendOptions options() {
    for (String ns : namespaces) {
      checkNamespace("namespace", ns);
    }
    for (String ns : excluded) {
      checkNamespace("exclude-namespace", ns);
    }
    if (minCount < 1) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--min-count must be at least 1, not " + minCount);
    }
    if (worldPrefix != null && (worldPrefix < 8 || worldPrefix > 32)) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          "--world-prefix must be between 8 and 32, not "
              + worldPrefix
              + " (--allow-any-world allows everything)");
    }
    return RecommendOptions.defaults()
        .withNamespaces(new TreeSet<>(namespaces))
        .withExcludedNamespaces(new TreeSet<>(excluded))
        .withMinCount(minCount)
        .withSince(since == null ? null : services.clock().instant().minus(since))
        .withExtraVolatileLabels(volatileLabels)
        .withWorldPrefix(worldPrefix)
        .withAllowAnyWorld(allowAnyWorld);
  }

  private static void checkNamespace(String option, String ns) {
    if (!KubernetesNames.isDns1123Label(ns)) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, String.format(BAD_NAMESPACE, option, KubernetesNames.shown(ns)));
    }
  }
}
