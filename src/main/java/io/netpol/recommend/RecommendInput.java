package io.netpol.recommend;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.ObservedConnection;
import java.util.List;
import java.util.Map;

/**
 * What the store knows, as the recommender needs it.
 *
 * @param connections the aggregated connections, every verdict
 * @param workloadLabelSets every stable label set seen per pod workload key ({@code
 *     pod:ns/workload})
 * @param namespaceLabels labels of namespaces, as the flow logs revealed them
 * @param sources evidence sources (file or topic) with counts, per edge
 */
public record RecommendInput(
    List<ObservedConnection> connections,
    Map<String, ? extends List<? extends Map<String, String>>> workloadLabelSets,
    Map<String, ? extends Map<String, String>> namespaceLabels,
    Map<EdgeKey, ? extends Map<String, Long>> sources) {

  public RecommendInput {
    connections = List.copyOf(connections);
    workloadLabelSets = workloadLabelSets == null ? Map.of() : workloadLabelSets;
    namespaceLabels = namespaceLabels == null ? Map.of() : namespaceLabels;
    sources = sources == null ? Map.of() : sources;
  }

  /** Only connections; label sets come from the connections' endpoints. */
  public static RecommendInput of(List<ObservedConnection> connections) {
    return new RecommendInput(connections, Map.of(), Map.of(), Map.of());
  }
}
