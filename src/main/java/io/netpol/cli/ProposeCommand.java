package io.netpol.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kube.ClusterAddresses;
import io.netpol.recommend.ClusterFacts;
import io.netpol.recommend.KubernetesNames;
import io.netpol.recommend.RecommendInput;
import io.netpol.recommend.RecommendOptions;
import io.netpol.recommend.Recommender;
import io.netpol.recommend.Review;
import io.netpol.render.PolicyFormat;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
      "Per namespace in scope: default-deny (ingress and egress), allow-dns to the DNS pods observed,"
          + " <workload>-ingress and <workload>-egress naming the observed peers and ports (all"
          + " prefixed with --name-prefix). Peers with the same ports share a rule; a public port is"
          + " opened to the internet; node-bound rules list every node; peers whose addresses the"
          + " flow logs hide get a broad range, marked, unless --cluster or --peer-cidr knows them."
          + " Every policy carries a summary of its evidence as annotations and fits the API"
          + " server's size limits. Denied and audit connections never become rules; they are"
          + " listed for review on stderr. The same store always gives byte-identical output.",
      "Formats (-o): yaml (the default; one multi-document stream) or json (a v1 List);"
          + " --output-format writes the same proposal for Helm, Cilium or Calico."
    })
public final class ProposeCommand implements Callable<Integer> {

  static final String EMPTY_STORE =
      "no connections in %s: run 'netpol-recommend observe' on flow logs first";
  static final String BAD_NAMESPACE = "--%s %s is not a namespace name (DNS-1123 label)";
  static final String EMPTY_NAMESPACE =
      "--namespace %s: no pods observed there; namespaces with observed pods: %s; check the name,"
          + " observe its traffic, or pass --allow-empty to propose a default deny anyway";

  /** Namespaces listed in {@link #EMPTY_NAMESPACE} before "and N more". */
  static final int NAMESPACES_SHOWN = 20;

  static final String DRY_RUN_NEEDS_OUT =
      "--dry-run goes with --out: without --out propose writes nothing, it prints the policies";
  static final String UNKNOWN_FORMAT =
      "unknown --output-format '%s'; use kubernetes, helm, cilium, calico, calico-staged or"
          + " cluster-baseline";
  static final String HELM_NEEDS_OUT =
      "--output-format helm writes a chart folder: give it with --out DIR";
  static final String HELM_IS_YAML =
      "--output-format helm writes YAML templates: leave out -o json";
  static final String CANNOT_RENDER = "cannot render the proposal as %s: %s";

  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin ProposalOptions proposal;
  @Mixin KubeOptions kube;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write <DIR>/<namespace>/<policy>.yaml and <DIR>/kustomization.yaml instead of printing.")
  Path out;

  @Option(
      names = "--dry-run",
      description = "With --out: print what would be written and removed, and write nothing.")
  boolean dryRun;

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
          "Allow observed external ports to any internet address (0.0.0.0/0 and ::/0 minus private,"
              + " link-local and cluster ranges) instead of the observed addresses.")
  boolean allowAnyWorld;

  @Option(
      names = "--volatile-label",
      paramLabel = "KEY",
      description =
          "A label key (or prefix ending in *) never to select on, on top of pod-template-hash etc.")
  List<String> volatileLabels = new ArrayList<>();

  @Mixin OutputOptions output = OutputOptions.of(Format.YAML, Format.JSON);

  @Option(
      names = "--output-format",
      paramLabel = "FORMAT",
      defaultValue = "kubernetes",
      converter = PolicyFormatConverter.class,
      description = {
        "What to write (default: ${DEFAULT-VALUE}): kubernetes (networking.k8s.io/v1"
            + " NetworkPolicy), helm (a chart; needs --out), cilium (CiliumNetworkPolicy),"
            + " calico (projectcalico.org/v3 policies and network sets), calico-staged (the same"
            + " as staged policies that enforce nothing) or cluster-baseline (ClusterNetworkPolicy"
            + " default deny and DNS, alpha, beside the workloads' NetworkPolicies)."
      })
  PolicyFormat policyFormat;

  private final Services services;

  public ProposeCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws IOException {
    long started = System.nanoTime();
    long cpuStarted = cpu();
    Format format = output.format();
    checkFormats(format);
    RecommendOptions options = proposal.apply(options());
    Path dbPath = db.existing();
    RecommendInput input;
    try (Store store = services.openStore(dbPath)) {
      EdgeReader edges = store.edges();
      EdgeReader.Observations observed = edges.observations(List.of());
      input =
          new RecommendInput(
              observed.connections(),
              edges.workloadLabelSets(),
              edges.namespaceLabels(),
              observed.sources());
    }
    if (input.connections().isEmpty()) {
      throw new NetpolException(ExitCode.UNEXPECTED_STATE, String.format(EMPTY_STORE, dbPath));
    }
    checkScope(input, options);
    PrintWriter err = spec.commandLine().getErr();
    if (proposal.cluster) {
      input = input.withCluster(clusterFacts(err));
    }
    long read = System.nanoTime();
    long cpuRead = cpu();
    ProposalOutput.Target target =
        new ProposalOutput.Target(
            policyFormat, format, out, dryRun, input.cluster(), spec.commandLine().getOut(), err);
    Review review;
    try (ProposalOutput output = ProposalOutput.open(target);
        EvidenceFile evidence =
            proposal.evidence == null ? null : EvidenceFile.open(proposal.evidence);
        WritingThread writing =
            new WritingThread(
                (ns, policies) -> {
                  output.accept(ns, policies);
                  if (evidence != null) {
                    evidence.accept(policies);
                  }
                })) {
      review = Recommender.propose(input, options, writing);
      writing.drain();
      long proposed = System.nanoTime();
      long cpuProposed = cpu();
      output.finish(review);
      if (evidence != null) {
        evidence.finish();
        err.printf("wrote the full evidence to %s%n", proposal.evidence);
      }
      long finished = System.nanoTime();
      long cpuFinished = cpu();
      new ProposalSummary(review, output.policies(), input.connections(), logging.verbose)
          .print(err);
      if (logging.verbose) {
        err.printf(
            "propose: read the store in %.1f s, proposed in %.1f s, wrote in %.1f s on a second"
                + " thread alongside (CPU: %.1f, %.1f, %.1f s); peak heap %s of %s max%n",
            (read - started) / 1e9,
            (proposed - read) / 1e9,
            (writing.nanos() + finished - proposed) / 1e9,
            (cpuRead - cpuStarted) / 1e9,
            (cpuProposed - cpuRead) / 1e9,
            (writing.cpuNanos() + cpuFinished - cpuProposed) / 1e9,
            Sizes.human(ObserveSummary.peakHeap()),
            Sizes.human(Runtime.getRuntime().maxMemory()));
      }
    }
    err.flush();
    return ExitCode.OK.code();
  }

  private void checkFormats(Format format) {
    if (dryRun && out == null) {
      throw new NetpolException(ExitCode.INVALID_INPUT, DRY_RUN_NEEDS_OUT);
    }
    if (policyFormat == PolicyFormat.HELM && out == null) {
      throw new NetpolException(ExitCode.INVALID_INPUT, HELM_NEEDS_OUT);
    }
    if (policyFormat == PolicyFormat.HELM && format == Format.JSON) {
      throw new NetpolException(ExitCode.INVALID_INPUT, HELM_IS_YAML);
    }
  }

  /** Parses {@code --output-format} values such as {@code calico-staged}. */
  static final class PolicyFormatConverter implements CommandLine.ITypeConverter<PolicyFormat> {
    @Override
    public PolicyFormat convert(String value) {
      PolicyFormat f = PolicyFormat.fromCliName(value);
      if (f == null) {
        throw new CommandLine.TypeConversionException(String.format(UNKNOWN_FORMAT, value));
      }
      return f;
    }
  }

  private static long cpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** A --namespace without observed pods is a typo or a namespace observe never saw. */
  private void checkScope(RecommendInput input, RecommendOptions options) {
    if (proposal.allowEmpty || options.namespaces().isEmpty()) {
      return;
    }
    SortedSet<String> observed = Recommender.observedNamespaces(input);
    List<String> empty =
        options.namespaces().stream().filter(ns -> !observed.contains(ns)).toList();
    if (empty.isEmpty()) {
      return;
    }
    List<String> shown = observed.stream().limit(NAMESPACES_SHOWN).toList();
    String list =
        (observed.isEmpty() ? "none" : String.join(", ", shown))
            + (observed.size() > NAMESPACES_SHOWN
                ? String.format(" and %,d more", observed.size() - NAMESPACES_SHOWN)
                : "");
    throw new NetpolException(
        ExitCode.INVALID_INPUT, String.format(EMPTY_NAMESPACE, String.join(", ", empty), list));
  }

  private ClusterFacts clusterFacts(PrintWriter err) {
    try (KubernetesClient client = services.kubernetes(kube)) {
      ClusterAddresses reader = new ClusterAddresses(client);
      ClusterFacts facts = reader.read();
      reader.notes().forEach(n -> err.println("propose: " + n));
      return facts;
    }
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
