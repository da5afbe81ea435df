package io.netpol.cli;

import io.netpol.policy.Evaluation;
import io.netpol.policy.Mismatch;
import io.netpol.policy.NearMisses;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** JSON shapes of evaluator verdicts. */
final class VerdictJson {
  private VerdictJson() {}

  /**
   * @param origin where each policy comes from ({@code proposed}, ...), or {@code null} per policy
   *     when that is not known
   */
  static Map<String, Object> verdict(
      Evaluation v,
      String from,
      String to,
      List<String> hints,
      Function<PolicyRef, String> origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from);
    m.put("to", to);
    m.put("port", v.connection().port());
    m.put("protocol", v.connection().protocol().name());
    m.put("allowed", v.allowed());
    m.put("egress", side(v.egress(), origin));
    m.put("ingress", side(v.ingress(), origin));
    m.put("hints", hints);
    return m;
  }

  static Map<String, Object> side(SideVerdict s, Function<PolicyRef, String> origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allowed", s.allowed());
    m.put("status", s.status().name());
    m.put("isolatedBy", s.isolatedBy().stream().map(PolicyRef::toString).toList());
    List<Object> allowedBy = new ArrayList<>();
    for (RuleRef r : s.allowedBy()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("policy", r.policy().toString());
      rule.put("rule", r.field());
      allowedBy.add(rule);
    }
    m.put("allowedBy", allowedBy);
    List<Object> mismatches = new ArrayList<>();
    for (Mismatch x : s.mismatches()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("policy", x.policy().toString());
      mm.put("field", x.field());
      mm.put("reason", x.reason().name());
      mm.put("detail", x.detail());
      mismatches.add(mm);
    }
    m.put("mismatches", mismatches);
    List<Object> closest = new ArrayList<>();
    for (NearMisses.Rule r : NearMisses.rank(s)) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("policy", r.policy().toString());
      rm.put(
          "rule",
          r.ruleIndex() == Mismatch.NO_RULE
              ? null
              : "spec." + s.direction().field() + "[" + r.ruleIndex() + "]");
      rm.put("distance", r.distance().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      closest.add(rm);
    }
    m.put("closestRules", closest);
    Map<String, String> origins = new TreeMap<>();
    List<PolicyRef> named = new ArrayList<>(s.isolatedBy());
    s.allowedBy().forEach(r -> named.add(r.policy()));
    for (PolicyRef ref : named) {
      String o = origin.apply(ref);
      if (o != null) {
        origins.put(ref.toString(), o);
      }
    }
    if (!origins.isEmpty()) {
      m.put("origins", origins);
    }
    return m;
  }
}
