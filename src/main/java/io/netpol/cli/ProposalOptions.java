package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.recommend.KubernetesNames;
import io.netpol.recommend.RecommendOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** How {@code propose} treats what real clusters do: public endpoints, hidden addresses, names. */
public final class ProposalOptions {

  static final String BAD_PEER_CIDR = "--peer-cidr: %s";
  static final String BAD_NAME_PREFIX =
      "--name-prefix %s: use lower-case letters, digits, '-' and '.' (at most %d), e.g. team-";

  @Option(
      names = "--public-clients",
      paramLabel = "N",
      defaultValue = "" + RecommendOptions.DEFAULT_PUBLIC_CLIENTS,
      description =
          "A server port that received from at least N distinct public addresses (or from Calico's"
              + " aggregated pub) is opened to the internet on that port, private, link-local and"
              + " cluster ranges excepted; 0 keeps one /32 per address. Default: ${DEFAULT-VALUE}.")
  int publicClients;

  @Option(
      names = "--unknown-peers",
      paramLabel = "broad|drop",
      defaultValue = "broad",
      converter = UnknownPeersConverter.class,
      description =
          "A peer whose address the flow logs do not carry (Goldmane; Calico's pub, pvt, network"
              + " sets): broad allows the internet or the private ranges on exactly the observed"
              + " ports and marks the rule; drop proposes nothing for it, so the default deny blocks"
              + " it. Default: ${DEFAULT-VALUE}.")
  RecommendOptions.UnknownPeers unknownPeers;

  @Option(
      names = "--peer-cidr",
      paramLabel = "NAME=CIDR",
      description =
          "The addresses of a network the flow logs name without addresses: pvt, pub, a network set"
              + " (NAME or NAMESPACE/NAME), or nodes / apiserver (repeatable).")
  List<String> peerCidrs = new ArrayList<>();

  @Option(
      names = "--group",
      paramLabel = "workload|namespace",
      defaultValue = "workload",
      converter = GroupingConverter.class,
      description =
          "namespace: allow a whole namespace as a peer when every workload seen there is one (opens"
              + " the door to its future workloads). Default: ${DEFAULT-VALUE}.")
  RecommendOptions.Grouping grouping;

  @Option(
      names = "--name-prefix",
      paramLabel = "PREFIX",
      defaultValue = RecommendOptions.DEFAULT_NAME_PREFIX,
      description =
          "Put before every policy name, so the tool's policies never collide with hand-written"
              + " ones. Default: ${DEFAULT-VALUE}.")
  String namePrefix;

  @Option(
      names = "--allow-empty",
      description =
          "Propose a default deny for a --namespace that has no observed pods (refused otherwise).")
  boolean allowEmpty;

  @Option(
      names = "--cluster",
      description =
          "Read node addresses, the API server's endpoints and Calico network sets from the cluster"
              + " (kubeconfig as elsewhere) to make rules exact where the flow logs hide addresses.")
  boolean cluster;

  @Option(
      names = "--evidence",
      paramLabel = "FILE",
      description =
          "Also write the full evidence of every rule (each observed peer with its counts, first and"
              + " last seen, sources) as JSON to FILE.")
  Path evidence;

  /** Applies these options to {@code base}; bad values are exit 2 with one line. */
  RecommendOptions apply(RecommendOptions base) {
    if (publicClients < 0) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--public-clients must be 0 or more, not " + publicClients);
    }
    if (!namePrefix.isEmpty() && !KubernetesNames.isNamePrefix(namePrefix)) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          String.format(
              BAD_NAME_PREFIX, KubernetesNames.shown(namePrefix), KubernetesNames.MAX_NAME_PREFIX));
    }
    SortedMap<String, List<String>> cidrs = new TreeMap<>();
    for (String value : peerCidrs) {
      Map.Entry<String, String> e;
      try {
        e = RecommendOptions.parsePeerCidr(value);
      } catch (IllegalArgumentException ex) {
        throw new NetpolException(
            ExitCode.INVALID_INPUT, String.format(BAD_PEER_CIDR, ex.getMessage()));
      }
      cidrs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    return base.withPublicClients(publicClients)
        .withUnknownPeers(unknownPeers)
        .withPeerCidrs(cidrs)
        .withGrouping(grouping)
        .withNamePrefix(namePrefix);
  }

  /** {@code broad} or {@code drop}. */
  static final class UnknownPeersConverter
      implements picocli.CommandLine.ITypeConverter<RecommendOptions.UnknownPeers> {
    @Override
    public RecommendOptions.UnknownPeers convert(String value) {
      return parse(RecommendOptions.UnknownPeers.class, value, "--unknown-peers", "broad or drop");
    }
  }

  /** {@code workload} or {@code namespace}. */
  static final class GroupingConverter
      implements picocli.CommandLine.ITypeConverter<RecommendOptions.Grouping> {
    @Override
    public RecommendOptions.Grouping convert(String value) {
      return parse(RecommendOptions.Grouping.class, value, "--group", "workload or namespace");
    }
  }

  private static <E extends Enum<E>> E parse(
      Class<E> type, String value, String option, String allowed) {
    try {
      return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.TypeConversionException(
          "unknown " + option + " '" + value + "'; use " + allowed);
    }
  }
}
