package io.netpol.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 4: keeps every object the API server must store within its limits. The API server refuses
 * annotations over 256 KiB in total and etcd objects over about 1.5 MiB; a hub called by thousands
 * of workloads would exceed them in one policy. A rule whose peers do not fit is cut into rules
 * with the same ports, and a policy whose rules do not fit into several policies for the same pods:
 * allow rules add up, so the parts allow exactly what the whole would.
 *
 * <p>Sizes are upper bounds of the JSON the API server stores, computed from the strings (never by
 * rendering), so the stage stays linear.
 */
final class SizeBudget {

  /** Largest spec (rules and peers) of one policy, as JSON: half of the 1 MiB objects may have. */
  static final long SPEC_BUDGET = 512 * 1024;

  /** The annotations' budget: a quarter of the API server's 256 KiB. */
  static final int ANNOTATION_BUDGET = 64 * 1024;

  private final long specBudget;

  SizeBudget() {
    this(SPEC_BUDGET);
  }

  /** A smaller budget, for tests. */
  SizeBudget(long specBudget) {
    this.specBudget = specBudget;
  }

  /**
   * The rules in parts, each part's rules within the budget; one part when everything fits.
   *
   * @param namespace the policy's namespace (peers elsewhere carry a namespace selector)
   */
  List<List<ProposedRule>> split(String namespace, List<ProposedRule> rules) {
    List<List<ProposedRule>> parts = new ArrayList<>();
    List<ProposedRule> current = new ArrayList<>();
    long used = 0;
    for (ProposedRule rule : rules) {
      for (ProposedRule piece : pieces(namespace, rule)) {
        long size = size(namespace, piece);
        if (!current.isEmpty() && used + size > specBudget) {
          parts.add(current);
          current = new ArrayList<>();
          used = 0;
        }
        current.add(piece);
        used += size;
      }
    }
    if (!current.isEmpty() || parts.isEmpty()) {
      parts.add(current);
    }
    return parts;
  }

  /** The rule, or rules with its ports and a share of its peers each, that fit the budget. */
  private List<ProposedRule> pieces(String namespace, ProposedRule rule) {
    long fixed = portsSize(rule) + 64;
    if (size(namespace, rule) <= specBudget) {
      return List.of(rule);
    }
    List<List<ProposedPeer>> chunks = new ArrayList<>();
    List<ProposedPeer> chunk = new ArrayList<>();
    long used = fixed;
    for (ProposedPeer p : rule.peers()) {
      long size = size(namespace, p);
      if (!chunk.isEmpty() && used + size > specBudget) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        used = fixed;
      }
      chunk.add(p);
      used += size;
    }
    chunks.add(chunk);
    List<ProposedRule> out = new ArrayList<>();
    List<ProposedRule.ObservedPeer> left = new ArrayList<>(rule.observed());
    for (int i = 0; i < chunks.size(); i++) {
      List<ProposedPeer> peers = chunks.get(i);
      List<ProposedRule.ObservedPeer> mine = new ArrayList<>();
      boolean last = i == chunks.size() - 1;
      left.removeIf(
          o -> {
            if (last || peers.stream().anyMatch(p -> claims(p, o))) {
              mine.add(o);
              return true;
            }
            return false;
          });
      Evidence ev = new Evidence();
      mine.forEach(o -> ev.add(o.evidence()));
      List<String> notes = new ArrayList<>(rule.notes());
      notes.add(String.format(SPLIT, i + 1, chunks.size(), rule.peers().size()));
      out.add(new ProposedRule(peers, rule.ports(), ev.summary(), mine, notes));
    }
    return out;
  }

  static final String SPLIT =
      "part %d of %d of one rule: its %,d peers do not fit in one object the API server accepts";

  /** Whether an observed peer is one of those a proposed peer stands for. */
  private static boolean claims(ProposedPeer p, ProposedRule.ObservedPeer o) {
    switch (p.kind()) {
      case POD:
        return o.workload() != null && p.workloads().contains(o.workload());
      case NAMESPACE:
        return o.workload() != null && o.workload().namespace().equals(p.namespace());
      default:
        IpNetwork net = IpNetwork.parse(p.cidr());
        IpNetwork ip = o.address() == null ? null : IpNetwork.host(o.address());
        return o.workload() == null && (ip == null || (net != null && net.contains(ip)));
    }
  }

  /** Upper bound of a rule's JSON. */
  static long size(String namespace, ProposedRule rule) {
    long out = portsSize(rule) + 64;
    for (ProposedPeer p : rule.peers()) {
      out += size(namespace, p);
    }
    return out;
  }

  private static long portsSize(ProposedRule rule) {
    return 48L * rule.ports().size();
  }

  /** Upper bound of one peer's JSON. */
  static long size(String namespace, ProposedPeer p) {
    switch (p.kind()) {
      case POD:
        return 32
            + selectorSize(p.selector())
            + (p.namespace().equals(namespace) ? 0 : namespaceSize(p.namespace()));
      case NAMESPACE:
        return 32 + namespaceSize(p.namespace());
      default:
        long out = 40 + p.cidr().length();
        for (String e : p.except()) {
          out += e.length() + 4;
        }
        return out;
    }
  }

  private static long namespaceSize(String ns) {
    return 72 + ns.length();
  }

  static long selectorSize(Selector s) {
    long out = 40;
    for (var e : s.matchLabels().entrySet()) {
      out += e.getKey().length() + e.getValue().length() + 8;
    }
    if (s.inKey() != null) {
      out += 64 + s.inKey().length();
      for (String v : s.inValues()) {
        out += v.length() + 4;
      }
    }
    return out;
  }
}
