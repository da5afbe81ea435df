package io.netpol.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.kube.ClusterReader;
import io.netpol.kube.PolicyFiles;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Hints;
import io.netpol.policy.Peer;
import io.netpol.policy.PolicySet;
import io.netpol.policy.Protocol;
import io.netpol.policy.Verdict;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
      "Pod labels come from the store (observed workloads) or, with --cluster, from the live pods.",
      "Exit 0 when allowed, 1 when denied.",
      "Formats (-o): text (the default) or json."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KubeOptions kube;

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

  private final Services services;

  public ExplainCommand(Services services) {
    this.services = services;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PeerArgument client = PeerArgument.parse("--from", from);
    PeerArgument server = PeerArgument.parse("--to", to);
    Protocol proto = Protocol.parse(protocol.toUpperCase(java.util.Locale.ROOT));
    if (proto == null) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--protocol '" + protocol + "': use TCP, UDP or SCTP");
    }
    if (port < 1 || port > 65535) {
      throw new NetpolException(ExitCode.INVALID_INPUT, "--port " + port + ": use 1 to 65535");
    }
    Format format = output.format();
    PolicySet policies;
    Peer clientPeer;
    Peer serverPeer;
    if (source.cluster) {
      try (KubernetesClient k = services.kubernetes(kube)) {
        ClusterReader cluster = new ClusterReader(k);
        Map<String, Map<String, String>> nsLabels = cluster.namespaceLabels();
        policies = PolicySet.of(cluster.policies(List.of()));
        clientPeer = client.fromCluster(cluster, nsLabels);
        serverPeer = server.fromCluster(cluster, nsLabels);
      }
    } else {
      PolicyFiles.Loaded loaded = PolicyFiles.load(source.policies);
      if (loaded.note() != null) {
        spec.commandLine().getErr().println("explain: " + loaded.note());
      }
      policies = PolicySet.of(loaded.policies());
      try (Store store = services.openStore(db.existing())) {
        EdgeReader edges = store.edges();
        var endpoints = edges.endpointsByKey();
        var nsLabels = edges.namespaceLabels();
        clientPeer = client.fromStore(endpoints, nsLabels);
        serverPeer = server.fromStore(endpoints, nsLabels);
      }
    }
    Verdict verdict =
        Evaluator.evaluate(policies, new Connection(clientPeer, serverPeer, port, proto));
    List<String> hints = Hints.of(verdict, policies);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(
                  VerdictJson.verdict(verdict, client.display(), server.display(), hints)));
    } else {
      VerdictText.print(out, verdict, client.display(), server.display(), hints);
    }
    out.flush();
    return verdict.allowed() ? ExitCode.OK.code() : ExitCode.FINDING.code();
  }
}
