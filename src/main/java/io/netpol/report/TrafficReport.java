package io.netpol.report;

import io.netpol.audit.NamespaceCoverage;
import io.netpol.audit.ObservationWindow;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@code report} shows; rendered by {@link HtmlReport} and {@link MarkdownReport}.
 *
 * @param generatedAt when the report was made
 * @param store the database the connections come from
 * @param policySource where the policies come from, or {@code null} when none were given
 * @param scope the namespaces asked for, empty for all
 * @param window the time the connections cover
 * @param graph the traffic graph
 * @param coverage isolation per namespace
 * @param proposal what a proposal changes, or {@code null} when none was given
 * @param connections every connection in scope with its verdict under the policies
 */
public record TrafficReport(
    Instant generatedAt,
    String store,
    String policySource,
    List<String> scope,
    ObservationWindow window,
    TrafficGraph graph,
    List<NamespaceCoverage> coverage,
    ProposalImpact proposal,
    List<JudgedConnection> connections) {

  public TrafficReport {
    scope = List.copyOf(scope);
    coverage = List.copyOf(coverage);
    connections = List.copyOf(connections);
  }

  public long count(LinkState state) {
    return connections.stream().filter(c -> c.state() == state).count();
  }
}
