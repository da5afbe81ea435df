package io.netpol.cli;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.flow.ObservedConnection;
import io.netpol.kube.ClusterReader;
import io.netpol.kube.PolicyFiles;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.PolicySet;
import io.netpol.policy.Replay;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netpol-recommend diff}: what a policy change changes, and which real traffic it would
 * block.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compare proposed NetworkPolicies with the deployed ones: policies added, removed and changed"
          + " (field by field), and every observed connection replayed against both sets to show what the"
          + " change would newly block or allow.",
      "In the namespaces compared (--namespace, else those the proposal covers) the proposal replaces"
          + " the deployed policies; elsewhere the deployed ones stay.",
      "Exit 0 when no observed allowed connection would be blocked, 1 when one would, 2 on bad input.",
      "Formats (-o): text (the default), json or markdown."
    })
public final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;

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
  public Integer call() throws Exception {
    DiffRenderer renderer = DiffRenderer.forFormat(output.format());
    List<NetworkPolicy> proposal = policies(proposed);
    List<NetworkPolicy> current;
    Map<String, ? extends Map<String, String>> namespaceLabels;
    List<ObservedConnection> connections;
    try (Store store = services.openStore(db.existing())) {
      connections = store.edges().connections(List.of());
      namespaceLabels = store.edges().namespaceLabels();
    }
    if (deployed.cluster) {
      try (KubernetesClient k = services.kubernetes(kube)) {
        ClusterReader cluster = new ClusterReader(k);
        current = cluster.policies(List.of());
        namespaceLabels = cluster.namespaceLabels();
      }
    } else {
      current = policies(deployed.path);
    }
    TreeSet<String> compared = new TreeSet<>(namespaces);
    if (compared.isEmpty()) {
      proposal.forEach(p -> compared.add(p.getMetadata().getNamespace()));
    }
    List<NetworkPolicy> before = inNamespaces(current, compared, true);
    List<NetworkPolicy> after = new ArrayList<>(inNamespaces(current, compared, false));
    after.addAll(inNamespaces(proposal, compared, true));
    List<ObservedConnection> touching = new ArrayList<>();
    for (ObservedConnection c : connections) {
      if (in(compared, c.client().namespace()) || in(compared, c.server().namespace())) {
        touching.add(c);
      }
    }
    Replay.Impact impact =
        Replay.replay(
            touching,
            PolicySet.of(current),
            PolicySet.of(after),
            ConnectionMapping.of(namespaceLabels));
    DiffReport report =
        new DiffReport(
            List.copyOf(compared),
            PolicyDiff.diff(before, inNamespaces(proposal, compared, true)),
            impact);
    PrintWriter out = spec.commandLine().getOut();
    renderer.render(report, out);
    out.flush();
    return impact.newlyBlocked().isEmpty() ? ExitCode.OK.code() : ExitCode.FINDING.code();
  }

  /** The policies at {@code path}; files of a folder that are not manifests are named once. */
  private List<NetworkPolicy> policies(Path path) {
    PolicyFiles.Loaded loaded = PolicyFiles.load(path);
    if (loaded.note() != null) {
      spec.commandLine().getErr().println("diff: " + loaded.note());
    }
    return loaded.policies();
  }

  private static boolean in(TreeSet<String> namespaces, String namespace) {
    return namespace != null && namespaces.contains(namespace);
  }

  private static List<NetworkPolicy> inNamespaces(
      List<NetworkPolicy> policies, TreeSet<String> namespaces, boolean inside) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (NetworkPolicy p : policies) {
      if (namespaces.contains(p.getMetadata().getNamespace()) == inside) {
        out.add(p);
      }
    }
    return out;
  }
}
