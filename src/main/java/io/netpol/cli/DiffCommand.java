package io.netpol.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.kube.ClusterReader;
import io.netpol.kube.PolicyFiles;
import io.netpol.kube.PolicyScope;
import io.netpol.policy.AfterState;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.Ownership;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicySet;
import io.netpol.policy.Replay;
import io.netpol.policy.Work;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netpol-recommend diff}: what applying a proposal would change, and which real traffic it
 * would block.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compare proposed NetworkPolicies with the deployed ones exactly as netpol-rollout next would apply"
          + " them: in the namespaces compared (--namespace, else those the proposal covers) the policies"
          + " netpol-recommend owns (label app.kubernetes.io/managed-by: netpol-recommend) are added, changed"
          + " (field by field) or removed, and every other policy is kept; elsewhere nothing changes.",
      "Kept policies are listed with their owner, and flagged when they select pods the proposal also selects"
          + " or have a proposed policy's name (the rollout refuses such a namespace). Every observed connection"
          + " of the compared namespaces is replayed against the deployed and the resulting policies, and each"
          + " newly blocked or allowed one names the policies (proposed or kept) that decide it.",
      "In --proposed, files that are not Kubernetes YAML and policies without the label are skipped with a"
          + " note. Exit 0 when nothing observed would be blocked, 1 when something would or when a proposed"
          + " policy has the name of one the tool does not own, 2 on bad input.",
      "Formats (-o): text (the default), json or markdown."
    })
public final class DiffCommand implements Callable<Integer> {
  /** Skip notes listed one by one before the rest are counted. */
  static final int NOTES_LISTED = 5;

  /** A proposal without a single policy: a wrong path, most likely, and nothing to compare. */
  static final String EMPTY_PROPOSAL =
      "--proposed %s holds no NetworkPolicy labelled "
          + Ownership.LABEL
          + ": "
          + Ownership.OWNER
          + ", so there is nothing to compare; write one with netpol-recommend propose --out %s";

  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;
  @Mixin RolloutStateOption rolloutState;

  @Option(
      names = "--proposed",
      required = true,
      paramLabel = "PATH",
      description = "Proposed policies: YAML/JSON file or folder (e.g. propose --out).")
  Path proposed;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Deployed deployed;

  /** Where the deployed policies come from. */
  static final class Deployed {
    @Option(
        names = "--deployed",
        paramLabel = "PATH",
        description = "Deployed policies: YAML/JSON file or folder.")
    Path path;

    @Option(
        names = "--cluster",
        description = "Deployed policies of the current kubeconfig context.")
    boolean cluster;
  }

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Compare only these namespaces; repeatable.")
  List<String> namespaces = new ArrayList<>();

  @Mixin OutputOptions output = OutputOptions.of(Format.TEXT, Format.JSON, Format.MARKDOWN);

  private final Services services;

  public DiffCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    DiffRenderer renderer = DiffRenderer.forFormat(output.format());
    Timings timings = new Timings(spec.commandLine().getErr(), logging.verbose, "diff");
    Set<String> narrowed = new TreeSet<>(namespaces);
    TreeSet<String> compared = new TreeSet<>(narrowed);
    PolicyFiles.Read<Policy> proposal;
    Set<String> known;
    List<ObservedConnection> touching;
    Map<String, ? extends Map<String, String>> namespaceLabels;
    List<Endpoint> pods = new ArrayList<>();
    try (Store store = services.openStore(db.existing())) {
      EdgeReader edges = store.edges();
      known = edges.namespaces();
      proposal = PolicyFiles.readProposalCompact(proposed, new PolicyScope(narrowed, known));
      timings.done(String.format("read %,d proposed policies", proposal.policies().size()));
      notes(proposal.notes(), proposed);
      if (compared.isEmpty()) {
        proposal.policies().forEach(p -> compared.add(p.ref().namespace()));
      }
      if (compared.isEmpty()) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT, String.format(EMPTY_PROPOSAL, proposed, proposed));
      }
      touching = edges.connections(compared);
      namespaceLabels = edges.namespaceLabels();
      for (Endpoint e : edges.endpointsByKey().values()) {
        if (e.kind() == EndpointKind.POD && compared.contains(e.namespace())) {
          pods.add(e);
        }
      }
    }
    timings.done(String.format("read %,d stored connections", touching.size()));
    // With -n, only the compared namespaces and those their connections reach matter.
    Set<String> needed = new TreeSet<>();
    if (!narrowed.isEmpty()) {
      needed.addAll(compared);
      for (ObservedConnection c : touching) {
        addNamespace(needed, c.client());
        addNamespace(needed, c.server());
      }
    }
    List<Policy> current;
    if (deployed.cluster) {
      try (KubernetesClient k = services.kubernetes(kube)) {
        ClusterReader cluster = new ClusterReader(k);
        current = cluster.compactPolicies(needed);
        namespaceLabels = cluster.namespaceLabels();
      }
    } else {
      PolicyFiles.Read<Policy> read =
          PolicyFiles.readCompact(deployed.path, new PolicyScope(needed, known));
      notes(read.notes(), deployed.path);
      current = read.policies();
    }
    timings.done(String.format("read %,d deployed policies", current.size()));
    AfterState after =
        AfterState.of(
            compared, current, proposal.policies(), rolloutState.recordedSteps(services, db));
    Replay.Impact impact =
        Replay.replay(
            touching,
            PolicySet.ofCompiled(current.stream().map(Policy::compiled).toList()),
            after.compile(),
            after::origin,
            ConnectionMapping.of(namespaceLabels),
            new Work());
    timings.done(String.format("replayed %,d edges: %s", impact.evaluated(), impact.work()));
    DiffReport report = new DiffReport(List.copyOf(compared), PolicyDiff.diff(after, pods), impact);
    timings.done("compared the policies");
    PrintWriter out = spec.commandLine().getOut();
    try {
      renderer.render(report, out);
    } catch (Exception e) {
      throw new IllegalStateException("cannot render the diff", e);
    }
    out.flush();
    timings.done("wrote the report");
    return report.finding() ? ExitCode.FINDING.code() : ExitCode.OK.code();
  }

  private static void addNamespace(Set<String> namespaces, Endpoint e) {
    if (e.namespace() != null) {
      namespaces.add(e.namespace());
    }
  }

  /** What a folder held besides policies to compare: a few lines, then a count. */
  private void notes(List<String> notes, Path where) {
    PrintWriter err = spec.commandLine().getErr();
    for (int i = 0; i < notes.size() && i < NOTES_LISTED; i++) {
      err.println("diff: note: " + notes.get(i));
    }
    if (notes.size() > NOTES_LISTED) {
      err.println(
          "diff: note: and "
              + (notes.size() - NOTES_LISTED)
              + " more documents skipped in "
              + where);
    }
    err.flush();
  }
}
