package io.netpol.audit;

import java.util.List;
import java.util.Map;

/**
 * What an audit found.
 *
 * @param namespaces the namespaces audited
 * @param findings every finding, by namespace, most severe first
 * @param scores per namespace, 100 minus {@value Auditor#ERROR_COST} per error and {@value
 *     Auditor#WARNING_COST} per warning, at least 0
 * @param coverage isolation per namespace
 * @param window the time the observed connections cover
 * @param connectionsReplayed observed connections judged against the policies (for unused rules)
 * @param changes the rollout history touching the namespaces
 */
public record AuditResult(
    List<String> namespaces,
    List<Finding> findings,
    Map<String, Integer> scores,
    List<NamespaceCoverage> coverage,
    ObservationWindow window,
    int connectionsReplayed,
    List<PolicyChange> changes) {

  public AuditResult {
    namespaces = List.copyOf(namespaces);
    findings = List.copyOf(findings);
    scores = Map.copyOf(scores);
    coverage = List.copyOf(coverage);
    changes = List.copyOf(changes);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** True when some finding is at least as severe as {@code threshold}. */
  public boolean failsAt(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }
}
