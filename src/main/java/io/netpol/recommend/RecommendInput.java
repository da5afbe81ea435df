package io.netpol.recommend;

import io.netpol.flow.ObservedConnection;
import io.netpol.flow.WorkloadKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the store (and, with {@code --cluster}, the cluster) knows, as the recommender needs it.
 *
 * @param connections the aggregated connections, every verdict
 * @param workloadLabelSets every stable label set seen per pod workload
 * @param namespaceLabels labels of namespaces, as the flow logs revealed them
 * @param sources evidence sources ({@code file:NAME}, {@code kafka:TOPIC/PARTITION}) of each
 *     connection
 * @param cluster addresses read from the cluster; {@link ClusterFacts#NONE} without {@code
 *     --cluster}
 */
public record RecommendInput(
    List<ObservedConnection> connections,
    Map<WorkloadKey, ? extends List<? extends Map<String, String>>> workloadLabelSets,
    Map<String, ? extends Map<String, String>> namespaceLabels,
    Map<ObservedConnection, ? extends Collection<String>> sources,
    ClusterFacts cluster) {

  public RecommendInput {
    connections = List.copyOf(connections);
    workloadLabelSets = workloadLabelSets == null ? Map.of() : workloadLabelSets;
    namespaceLabels = namespaceLabels == null ? Map.of() : namespaceLabels;
    sources = sources == null ? Map.of() : sources;
    cluster = cluster == null ? ClusterFacts.NONE : cluster;
  }

  /** What the store knows, without the cluster. */
  public RecommendInput(
      List<ObservedConnection> connections,
      Map<WorkloadKey, ? extends List<? extends Map<String, String>>> workloadLabelSets,
      Map<String, ? extends Map<String, String>> namespaceLabels,
      Map<ObservedConnection, ? extends Collection<String>> sources) {
    this(connections, workloadLabelSets, namespaceLabels, sources, ClusterFacts.NONE);
  }

  /** Only connections; label sets come from the connections' endpoints. */
  public static RecommendInput of(List<ObservedConnection> connections) {
    return new RecommendInput(connections, Map.of(), Map.of(), Map.of(), ClusterFacts.NONE);
  }

  /** The same, with what the cluster says. */
  public RecommendInput withCluster(ClusterFacts facts) {
    return new RecommendInput(connections, workloadLabelSets, namespaceLabels, sources, facts);
  }
}
