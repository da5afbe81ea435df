package io.netpol.cli;

import io.netpol.policy.Mismatch;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.RuleRef;
import io.netpol.policy.SideVerdict;
import io.netpol.policy.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of evaluator verdicts. */
final class VerdictJson {
  private VerdictJson() {}

  static Map<String, Object> verdict(Verdict v, String from, String to, List<String> hints) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from);
    m.put("to", to);
    m.put("port", v.connection().port());
    m.put("protocol", v.connection().protocol().name());
    m.put("allowed", v.allowed());
    m.put("egress", side(v.egress()));
    m.put("ingress", side(v.ingress()));
    m.put("hints", hints);
    return m;
  }

  static Map<String, Object> side(SideVerdict s) {
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
    return m;
  }
}
