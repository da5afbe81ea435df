package io.netpol.audit;

import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.CompiledRule;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.Direction;
import io.netpol.policy.Evaluator;
import io.netpol.policy.RuleRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Audits NetworkPolicies against the traffic observed: isolation gaps, over-broad and unused rules,
 * missing DNS egress, denied connections and forced rollout steps, with a score per namespace.
 * Pure: no I/O, no clock.
 */
public final class Auditor {
  /** Points an error costs a namespace's score. */
  public static final int ERROR_COST = 20;

  /** Points a warning costs a namespace's score. */
  public static final int WARNING_COST = 5;

  /** At most this many workload names are listed in one finding. */
  static final int NAMES_SHOWN = 10;

  private Auditor() {}

  public static AuditResult audit(AuditInput input) {
    Set<String> scope = Set.copyOf(input.namespaces());
    List<Finding> findings = new ArrayList<>();
    List<NamespaceCoverage> coverage =
        Coverage.of(input.policies(), input.namespaces(), input.workloads(), input.dnsServers());
    for (NamespaceCoverage c : coverage) {
      isolation(c, findings);
    }
    for (CompiledPolicy p : input.policies().all()) {
      if (scope.contains(p.ref().namespace())) {
        BroadRules.check(p, findings::add);
      }
    }
    ObservationWindow window = ObservationWindow.of(input.connections());
    int replayed = unusedRules(input, scope, window, findings);
    deniedConnections(input, scope, findings);
    List<PolicyChange> changes = new ArrayList<>();
    for (PolicyChange change : input.changes()) {
      if (change.namespace() == null || scope.contains(change.namespace())) {
        changes.add(change);
        if (change.forced() && change.namespace() != null) {
          findings.add(
              new Finding(
                  Check.FORCED_ROLLOUT_STEP,
                  change.namespace(),
                  change.plan() + " " + change.namespace(),
                  change.actor() + " at " + change.at() + ": " + change.detail()));
        }
      }
    }
    findings.sort(
        Comparator.comparing((Finding f) -> input.namespaces().indexOf(f.namespace()))
            .thenComparing(f -> -f.severity().ordinal())
            .thenComparing(f -> f.check().ordinal())
            .thenComparing(Finding::subject));
    return new AuditResult(
        input.namespaces(),
        findings,
        scores(input.namespaces(), findings),
        coverage,
        window,
        replayed,
        changes);
  }

  private static void isolation(NamespaceCoverage c, List<Finding> out) {
    String ns = c.namespace();
    if (c.defaultDenyIngress().isEmpty()) {
      out.add(
          new Finding(
              Check.NO_DEFAULT_DENY_INGRESS,
              ns,
              ns,
              ns + " has no policy selecting every pod for ingress without ingress rules"));
    }
    if (c.defaultDenyEgress().isEmpty()) {
      out.add(
          new Finding(
              Check.NO_DEFAULT_DENY_EGRESS,
              ns,
              ns,
              ns + " has no policy selecting every pod for egress without egress rules"));
    }
    notIsolated(c, c.notIsolatedIngress(), Check.NOT_ISOLATED_INGRESS, "ingress", out);
    notIsolated(c, c.notIsolatedEgress(), Check.NOT_ISOLATED_EGRESS, "egress", out);
    for (String w : c.withoutDnsEgress()) {
      out.add(
          new Finding(
              Check.NO_DNS_EGRESS,
              ns,
              ns + "/" + w,
              ns
                  + "/"
                  + w
                  + " is egress-isolated and no egress rule allows UDP 53 to the DNS pods:"
                  + " its name lookups will fail"));
    }
  }

  private static void notIsolated(
      NamespaceCoverage c, List<String> names, Check check, String direction, List<Finding> out) {
    if (names.isEmpty()) {
      return;
    }
    String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_SHOWN)));
    if (names.size() > NAMES_SHOWN) {
      shown += " and " + (names.size() - NAMES_SHOWN) + " more";
    }
    out.add(
        new Finding(
            check,
            c.namespace(),
            c.namespace(),
            names.size()
                + " of "
                + c.workloads().size()
                + " workloads in "
                + c.namespace()
                + " are not isolated for "
                + direction
                + ": "
                + shown));
  }

  /**
   * Replays the observed legitimate connections and reports the rules none of them used.
   *
   * @return how many connections were replayed
   */
  private static int unusedRules(
      AuditInput input, Set<String> scope, ObservationWindow window, List<Finding> out) {
    Set<RuleRef> used = new HashSet<>();
    int replayed = 0;
    for (ObservedConnection c : input.connections()) {
      if (c.verdict() == Verdict.DENIED) {
        continue;
      }
      ConnectionMapping.Mapped m = input.mapping().map(c);
      if (!m.evaluable()) {
        continue;
      }
      replayed++;
      io.netpol.policy.Evaluation v = Evaluator.evaluate(input.policies(), m.connection());
      used.addAll(v.egress().allowedBy());
      used.addAll(v.ingress().allowedBy());
    }
    if (replayed == 0) {
      return 0;
    }
    for (CompiledPolicy p : input.policies().all()) {
      if (!scope.contains(p.ref().namespace())) {
        continue;
      }
      for (Direction d : Direction.values()) {
        if (!p.isolates(d)) {
          continue;
        }
        for (CompiledRule rule : p.rules(d)) {
          RuleRef ref = new RuleRef(p.ref(), d, rule.index());
          if (!used.contains(ref)) {
            out.add(
                new Finding(
                    Check.UNUSED_RULE,
                    p.ref().namespace(),
                    ref.toString(),
                    ref
                        + " allowed none of the "
                        + replayed
                        + " observed edges replayed from "
                        + window.describe()));
          }
        }
      }
    }
    return replayed;
  }

  private static void deniedConnections(AuditInput input, Set<String> scope, List<Finding> out) {
    for (ObservedConnection c : input.connections()) {
      if (c.verdict() == Verdict.ALLOWED) {
        continue;
      }
      String ns =
          scope.contains(c.server().namespace()) ? c.server().namespace() : c.client().namespace();
      if (!scope.contains(ns)) {
        continue;
      }
      String subject =
          c.client().display()
              + " -> "
              + c.server().display()
              + " "
              + c.port()
              + "/"
              + c.protocol();
      out.add(
          new Finding(
              c.verdict() == Verdict.DENIED
                  ? Check.DENIED_CONNECTIONS
                  : Check.AUDIT_DENIED_CONNECTIONS,
              ns,
              subject,
              subject
                  + ": "
                  + c.count()
                  + (c.verdict() == Verdict.DENIED ? " denied" : " would be denied")
                  + ", last seen "
                  + (c.lastSeenMs() > 0
                      ? java.time.Instant.ofEpochMilli(c.lastSeenMs())
                      : "unknown")));
    }
  }

  private static Map<String, Integer> scores(List<String> namespaces, List<Finding> findings) {
    Map<String, Integer> out = new TreeMap<>();
    for (String ns : namespaces) {
      int score = 100;
      for (Finding f : findings) {
        if (f.namespace().equals(ns)) {
          score -=
              switch (f.severity()) {
                case ERROR -> ERROR_COST;
                case WARNING -> WARNING_COST;
                case INFO -> 0;
              };
        }
      }
      out.put(ns, Math.max(0, score));
    }
    return out;
  }
}
