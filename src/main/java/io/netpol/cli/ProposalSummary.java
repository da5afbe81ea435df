package io.netpol.cli;

import io.netpol.flow.ObservedConnection;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.Review;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The review {@code propose} prints on stderr: coverage per namespace, then what needs a human. */
final class ProposalSummary {
  /** Items printed per section unless -v; the rest are counted. */
  static final int SHOWN = 20;

  static final String NOTHING_IN_SCOPE =
      "no namespace in scope: no pods observed outside the system namespaces; name one with --namespace";

  private final Proposal proposal;
  private final List<ObservedConnection> observed;
  private final boolean verbose;

  /**
   * @param observed the connections the proposal was made from
   */
  ProposalSummary(Proposal proposal, List<ObservedConnection> observed, boolean verbose) {
    this.proposal = proposal;
    this.observed = observed;
    this.verbose = verbose;
  }

  void print(PrintWriter err) {
    Review r = proposal.review();
    Totals totals = Totals.of(r, observed);
    err.printf(
        "propose: %d polic%s with %d rule%s in %d namespace%s, allowing %,d observed edge%s (%,d connections)%n",
        proposal.all().size(),
        proposal.all().size() == 1 ? "y" : "ies",
        r.rules(),
        r.rules() == 1 ? "" : "s",
        r.namespaces().size(),
        r.namespaces().size() == 1 ? "" : "s",
        totals.edges(),
        totals.edges() == 1 ? "" : "s",
        totals.connections());
    if (r.namespaces().isEmpty()) {
      err.println("  " + NOTHING_IN_SCOPE);
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"  NAMESPACE", "POLICIES", "RULES", "EDGES", "CONNECTIONS"});
      for (Review.NamespaceSummary n : r.namespaces()) {
        rows.add(
            new String[] {
              "  " + n.namespace(),
              String.valueOf(n.policies()),
              String.valueOf(n.rules()),
              String.valueOf(n.edges()),
              String.format("%,d", n.connections())
            });
      }
      Table.print(err, rows);
    }
    section(
        err,
        "dropped as weak or old evidence (not allowed by the proposal)",
        r.dropped().stream().map(d -> line(d.connection()) + ": " + d.reason()).toList());
    section(
        err,
        "needs review (not allowed by the proposal)",
        r.needsReview().stream().map(f -> line(f.connection()) + ": " + f.reason()).toList());
    section(
        err,
        "workloads without an exact selector",
        r.selectorProblems().stream()
            .map(
                p ->
                    p.workload()
                        + ": "
                        + p.reason()
                        + "; using "
                        + p.selector()
                        + (p.alsoSelects().isEmpty()
                            ? ""
                            : ", which also selects " + String.join(", ", p.alsoSelects())))
            .toList());
    section(
        err,
        "rejected names (nothing written for them)",
        r.rejectedNames().stream()
            .map(
                n ->
                    n.what()
                        + " "
                        + n.value()
                        + ": "
                        + n.reason()
                        + " ("
                        + n.connections()
                        + " connections)")
            .toList());
    wide(err, Review.Wideness.PUBLIC_ENDPOINT, "open to the internet (public endpoints)");
    wide(
        err,
        Review.Wideness.BROAD,
        "broad because the flow logs carry no address (allowed on exactly the observed ports)");
    wide(
        err,
        Review.Wideness.FROM_CLUSTER,
        "addresses read from the cluster, not from the flow logs");
    wide(err, Review.Wideness.WHOLE_NAMESPACE, "whole namespaces allowed (--group namespace)");
    section(
        err,
        "evidence sources",
        r.sources().stream()
            .map(s -> s.source() + ": " + s.rules() + (s.rules() == 1 ? " rule" : " rules"))
            .toList());
    section(err, "notes", r.notes());
    err.flush();
  }

  private void wide(PrintWriter err, Review.Wideness wideness, String title) {
    section(
        err,
        title,
        proposal.review().wideRules().stream()
            .filter(w -> w.wideness() == wideness)
            .map(
                w ->
                    w.policy()
                        + " "
                        + w.rule()
                        + " "
                        + String.join(",", w.ports())
                        + ": "
                        + shortList(w.peers())
                        + (w.reason().isEmpty() ? "" : "; " + w.reason()))
            .toList());
  }

  private static String shortList(List<String> items) {
    int shown = 4;
    return String.join(", ", items.subList(0, Math.min(shown, items.size())))
        + (items.size() > shown ? " and " + (items.size() - shown) + " more" : "");
  }

  /**
   * The edges the proposal allows and their connections, each edge once: an edge between two
   * namespaces in scope is in both rows of the table (each namespace's policies allow it), but only
   * once in the totals.
   */
  record Totals(long edges, long connections) {
    static Totals of(Review r, List<ObservedConnection> observed) {
      long edges = r.edgesCovered();
      long connections =
          r.namespaces().stream().mapToLong(Review.NamespaceSummary::connections).sum();
      java.util.Set<String> scope = new java.util.HashSet<>();
      r.namespaces().forEach(n -> scope.add(n.namespace()));
      java.util.Set<ObservedConnection> leftOut = new java.util.HashSet<>();
      r.dropped().forEach(d -> leftOut.add(d.connection()));
      r.needsReview().forEach(f -> leftOut.add(f.connection()));
      for (ObservedConnection c : observed) {
        if (inTwoRows(c, scope) && !leftOut.contains(c)) {
          edges--;
          connections -= c.count();
        }
      }
      return new Totals(edges, connections);
    }

    /** An allowed edge between pods of two namespaces in scope, with names policies can carry. */
    private static boolean inTwoRows(ObservedConnection c, java.util.Set<String> scope) {
      return c.verdict() == io.netpol.flow.Verdict.ALLOWED
          && isPod(c.client(), scope)
          && isPod(c.server(), scope)
          && !c.client().namespace().equals(c.server().namespace());
    }

    private static boolean isPod(io.netpol.flow.Endpoint e, java.util.Set<String> scope) {
      return e.kind() == io.netpol.flow.EndpointKind.POD
          && scope.contains(e.namespace())
          && io.netpol.recommend.KubernetesNames.isDns1123Subdomain(e.workload());
    }
  }

  private void section(PrintWriter err, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    err.printf("%s: %d%n", title, lines.size());
    int limit = verbose ? Integer.MAX_VALUE : SHOWN;
    lines.stream().limit(limit).forEach(l -> err.println("  " + DisplayText.escape(l)));
    if (lines.size() > limit) {
      err.printf("  ... and %,d more (-v shows them all)%n", lines.size() - limit);
    }
  }

  private static String line(ObservedConnection c) {
    return c.client().display()
        + " -> "
        + c.server().display()
        + " "
        + c.port()
        + "/"
        + c.protocol()
        + " ("
        + c.verdict().wireName()
        + ", "
        + c.count()
        + "x)";
  }
}
