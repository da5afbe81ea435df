package io.netpol.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.kube.ClusterReader;
import io.netpol.kube.PolicyFiles;
import io.netpol.kube.PolicyScope;
import io.netpol.policy.AfterState;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluation;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Hints;
import io.netpol.policy.Peer;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortProtocol;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend explain}: why a connection is allowed or denied, by which rule. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Say whether NetworkPolicies allow a connection and why: on each side, the policy and rule that"
          + " allow it or, when denied, the policies that isolate the pod and why none of their rules match.",
      "Pod labels come from the store (observed workloads) or, with --cluster, from the live pods."
          + " Only the policies of the two namespaces involved are read: in a folder laid out as"
          + " propose writes it (a subfolder per namespace, holding only its policies) only their"
          + " subfolders, elsewhere only files that name one of them. A denied side lists the rules"
          + " that came closest first and counts the rest; -v lists every rule.",
      "With --proposed, the question is asked of the cluster as netpol-rollout next would leave it.",
      "Exit 0 when allowed, 1 when denied.",
      "Formats (-o): text (the default) or json."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;
  @Mixin RolloutStateOption rolloutState;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the policies come from. */
  static final class Source {
    @Option(
        names = "--policies",
        paramLabel = "PATH",
        description = "Policy YAML/JSON file or folder.")
    Path policies;

    @Option(
        names = "--cluster",
        description = "Policies and pods of the current kubeconfig context.")
    boolean cluster;
  }

  @Option(
      names = "--from",
      required = true,
      paramLabel = "NS/WORKLOAD|IP",
      description = "The client.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NS/WORKLOAD|IP",
      description = "The server.")
  String to;

  @Option(names = "--port", required = true, paramLabel = "N", description = "The server port.")
  int port;

  @Option(
      names = "--protocol",
      defaultValue = "TCP",
      paramLabel = "PROTO",
      description = "TCP, UDP or SCTP. Default: ${DEFAULT-VALUE}.")
  String protocol;

  @Mixin OutputOptions output = OutputOptions.of(Format.TEXT, Format.JSON);

  @Option(
      names = "--proposed",
      paramLabel = "PATH",
      description =
          "Explain the cluster as netpol-rollout next would leave it after applying these proposed"
              + " policies (e.g. propose --out): the tool's own policies replaced, every other kept.")
  Path proposed;

  private final Services services;

  public ExplainCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PeerArgument client = PeerArgument.parse("--from", from);
    PeerArgument server = PeerArgument.parse("--to", to);
    PortProtocol proto = PortProtocol.parse(protocol.toUpperCase(java.util.Locale.ROOT));
    if (proto == null) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--protocol '" + protocol + "': use TCP, UDP or SCTP");
    }
    if (port < 1 || port > 65535) {
      throw new NetpolException(ExitCode.INVALID_INPUT, "--port " + port + ": use 1 to 65535");
    }
    Format format = output.format();
    Timings timings = new Timings(spec.commandLine().getErr(), logging.verbose, "explain");
    // A connection is decided by the policies of its two namespaces: read only those.
    Set<String> involved = new TreeSet<>();
    for (PeerArgument p : List.of(client, server)) {
      if (p.isPod()) {
        involved.add(p.namespace());
      }
    }
    List<Policy> deployed;
    Peer clientPeer;
    Peer serverPeer;
    PolicyScope scope;
    if (source.cluster) {
      try (KubernetesClient k = services.kubernetes(kube)) {
        ClusterReader cluster = new ClusterReader(k);
        Map<String, Map<String, String>> nsLabels = cluster.namespaceLabels();
        scope = new PolicyScope(involved, nsLabels.keySet());
        deployed = involved.isEmpty() ? List.of() : cluster.compactPolicies(involved);
        clientPeer = client.fromCluster(cluster, nsLabels);
        serverPeer = server.fromCluster(cluster, nsLabels);
      }
    } else {
      try (Store store = services.openStore(db.existing())) {
        EdgeReader edges = store.edges();
        var nsLabels = edges.namespaceLabels();
        scope = new PolicyScope(involved, edges.namespaces());
        // The two ends only: a large cluster's endpoints are not read to find them.
        clientPeer = client.fromStore(edges::endpoint, nsLabels);
        serverPeer = server.fromStore(edges::endpoint, nsLabels);
      }
      deployed = read(source.policies, scope, false).policies();
    }
    timings.done(String.format("read %,d deployed policies and both ends", deployed.size()));
    PolicySet policies;
    Function<PolicyRef, String> origin;
    if (proposed == null) {
      policies = PolicySet.ofCompiled(deployed.stream().map(Policy::compiled).toList());
      origin = ref -> null;
    } else {
      PolicyFiles.Read<Policy> proposal = read(proposed, scope, true);
      AfterState after =
          AfterState.of(
              List.of(), deployed, proposal.policies(), rolloutState.recordedSteps(services, db));
      policies = after.compile();
      origin = ref -> DiffReport.origin(after.origin(ref));
      timings.done(String.format("read %,d proposed policies", proposal.policies().size()));
    }
    Evaluation verdict =
        Evaluator.evaluate(policies, new Connection(clientPeer, serverPeer, port, proto));
    List<String> hints = Hints.of(verdict, policies);
    timings.done("evaluated the connection");
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(
                  VerdictJson.verdict(verdict, client.display(), server.display(), hints, origin)));
    } else {
      VerdictText.print(
          out,
          verdict,
          client.display(),
          server.display(),
          hints,
          new VerdictText.Shown(logging.verbose, origin));
    }
    out.flush();
    return verdict.allowed() ? ExitCode.OK.code() : ExitCode.FINDING.code();
  }

  /**
   * The policies of the namespaces involved, notes on stderr; none when both ends are addresses.
   */
  private PolicyFiles.Read<Policy> read(Path path, PolicyScope scope, boolean proposal) {
    if (scope.namespaces().isEmpty()) {
      return new PolicyFiles.Read<>(List.of(), List.of());
    }
    PolicyFiles.Read<Policy> read =
        proposal
            ? PolicyFiles.readProposalCompact(path, scope)
            : PolicyFiles.readCompact(path, scope);
    read.notes().forEach(n -> spec.commandLine().getErr().println("explain: note: " + n));
    spec.commandLine().getErr().flush();
    return read;
  }
}
