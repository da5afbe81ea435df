package io.netpol.rollout;

import java.util.List;

/**
 * Every gate of a step's current phase, measured.
 *
 * @param since connections touching the namespace since the phase began
 * @param clusterSince connections of the whole cluster since the phase began
 */
public record GateReport(List<GateCheck> checks, Traffic since, long clusterSince) {
  public GateReport {
    checks = List.copyOf(checks);
  }

  /** The worst outcome of its gates. */
  public GateCheck.Outcome outcome() {
    GateCheck.Outcome worst = GateCheck.Outcome.PASS;
    for (GateCheck c : checks) {
      if (c.outcome().compareTo(worst) > 0) {
        worst = c.outcome();
      }
    }
    return worst;
  }

  /** The gates with this outcome. */
  public List<GateCheck> with(GateCheck.Outcome outcome) {
    return checks.stream().filter(c -> c.outcome() == outcome).toList();
  }

  /** The gates that did not pass, as one line: {@code denied_connections 3 (limit <= 0)}. */
  public String describe(GateCheck.Outcome outcome) {
    StringBuilder out = new StringBuilder();
    for (GateCheck c : with(outcome)) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(c.gate().id()).append(' ').append(c.measured());
      if (!c.limit().isEmpty()) {
        out.append(" (limit ").append(c.limit()).append(')');
      }
    }
    return out.toString();
  }
}
