package io.netpol.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a denied side ranked by how close each came to allowing the connection, so that a
 * person debugging a denial reads the likely culprits first: a rule whose peer matches but not its
 * port, then rules for other pods of the right namespace, then rules for other namespaces, then
 * rules for addresses. Policies with no rules at all for the direction come before every rule.
 * Pure.
 */
public final class NearMisses {
  private NearMisses() {}

  /** How far a rule is from allowing the connection, closest first. */
  public enum Distance {
    /** The policy isolates the direction and has no rules for it. */
    NO_RULES,
    /** A peer matches; the port or protocol does not. */
    PORT,
    /** The peer is in a namespace the rule selects, but not among its pods. */
    OTHER_PODS,
    /** The rule selects pods of other namespaces only. */
    OTHER_NAMESPACES,
    /** The rule selects addresses (ipBlock), or pods where the peer is an address. */
    OTHER_ADDRESSES
  }

  /**
   * One rule (or rule-less policy) and why it did not allow the connection.
   *
   * @param portAlsoMisses besides the peer, the port or protocol does not match either
   * @param mismatches every reason, as the evaluator gave them
   */
  public record Rule(
      PolicyRef policy,
      int ruleIndex,
      Distance distance,
      boolean portAlsoMisses,
      List<Mismatch> mismatches) {
    public Rule {
      mismatches = List.copyOf(mismatches);
    }
  }

  /** The rules of {@code side} closest first; within one distance in the evaluator's order. */
  public static List<Rule> rank(SideVerdict side) {
    Map<String, List<Mismatch>> byRule = new LinkedHashMap<>();
    for (Mismatch m : side.mismatches()) {
      byRule.computeIfAbsent(m.policy() + "#" + m.ruleIndex(), k -> new ArrayList<>()).add(m);
    }
    List<Rule> rules = new ArrayList<>();
    for (List<Mismatch> ms : byRule.values()) {
      rules.add(rule(ms));
    }
    rules.sort(Comparator.comparing(Rule::distance).thenComparing(Rule::portAlsoMisses));
    return rules;
  }

  private static Rule rule(List<Mismatch> ms) {
    Mismatch first = ms.get(0);
    Distance peer = null;
    boolean port = false;
    for (Mismatch m : ms) {
      Distance d = distance(m.reason());
      if (d == null) {
        port = true;
      } else if (peer == null || d.compareTo(peer) < 0) {
        peer = d;
      }
    }
    Distance distance = peer == null ? Distance.PORT : peer;
    return new Rule(first.policy(), first.ruleIndex(), distance, peer != null && port, ms);
  }

  /** The distance a peer mismatch puts a rule at; {@code null} for port and protocol ones. */
  private static Distance distance(MismatchReason reason) {
    return switch (reason) {
      case NO_RULES -> Distance.NO_RULES;
      case PEER_POD_LABELS_MISMATCH -> Distance.OTHER_PODS;
      case PEER_NAMESPACE_LABELS_MISMATCH, PEER_NAMESPACE_NOT_POLICY_NAMESPACE ->
          Distance.OTHER_NAMESPACES;
      case PEER_IP_NOT_IN_BLOCK, PEER_IP_IN_EXCEPT, PEER_KIND -> Distance.OTHER_ADDRESSES;
      case PORT_MISMATCH, PROTOCOL_MISMATCH, NAMED_PORT_UNRESOLVED -> null;
    };
  }
}
