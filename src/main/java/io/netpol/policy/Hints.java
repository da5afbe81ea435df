package io.netpol.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain-language hints for the mistakes that most often leave traffic denied: DNS egress missing,
 * an egress policy that silently isolates every other egress, a namespace selected by a label it
 * does not carry, a pod label or a port that does not match. Pure.
 */
public final class Hints {
  private Hints() {}

  public static List<String> of(Evaluation verdict, PolicySet policies) {
    Set<String> hints = new LinkedHashSet<>();
    Connection c = verdict.connection();
    SideVerdict egress = verdict.egress();
    if (!egress.allowed()) {
      if (c.port() == 53) {
        hints.add(
            "DNS egress is missing: the client is egress-isolated by "
                + names(egress.isolatedBy())
                + " and no rule allows UDP/TCP 53 to the cluster DNS pods; add an egress rule to kube-dns on port 53");
      }
      List<PolicyRef> dnsOnly = new ArrayList<>();
      for (PolicyRef ref : egress.isolatedBy()) {
        policies.get(ref).filter(Hints::onlyDns).ifPresent(p -> dnsOnly.add(ref));
      }
      if (!dnsOnly.isEmpty() && dnsOnly.size() == egress.isolatedBy().size() && c.port() != 53) {
        hints.add(
            names(dnsOnly)
                + " allows only DNS egress, and having egress rules makes the pod egress-isolated:"
                + " every other egress is now denied; add egress rules for this traffic or drop Egress from its policyTypes");
      }
    }
    for (SideVerdict side : List.of(egress, verdict.ingress())) {
      for (Mismatch m : side.mismatches()) {
        // A selector on a label the namespace does not carry at all (typically a hand-added
        // "name" label) rather than one that merely names another namespace.
        if (m.reason() == MismatchReason.PEER_NAMESPACE_LABELS_MISMATCH
            && m.detail().contains(" is absent")) {
          hints.add(
              m.policy()
                  + " "
                  + m.field()
                  + ": "
                  + m.detail()
                  + "; select namespaces by kubernetes.io/metadata.name, which every namespace carries");
        }
      }
    }
    return List.copyOf(hints);
  }

  private static boolean onlyDns(CompiledPolicy p) {
    List<CompiledRule> rules = p.rules(Direction.EGRESS);
    if (rules.isEmpty()) {
      return false;
    }
    for (CompiledRule rule : rules) {
      if (rule.ports().isEmpty()) {
        return false;
      }
      for (PortMatcher port : rule.ports()) {
        if (port.port() == null || port.port() != 53) {
          return false;
        }
      }
    }
    return true;
  }

  private static String names(List<PolicyRef> refs) {
    return refs.isEmpty()
        ? "no policy"
        : String.join(", ", refs.stream().map(PolicyRef::toString).toList());
  }
}
