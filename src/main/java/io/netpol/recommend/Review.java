package io.netpol.recommend;

import io.netpol.flow.ObservedConnection;
import java.util.List;
import java.util.Map;

/**
 * What a reviewer must know about a proposal besides the policies: what it covers, what evidence
 * was left out and why, and what needs a human decision.
 *
 * @param namespaces per namespace in scope: policies, rules and connections covered
 * @param dropped connections left out by --min-count or --since
 * @param needsReview denied or audit connections (never turned into allow rules) and allowed
 *     connections no rule can express (unknown addresses, ICMP, Service-only peers)
 * @param selectorProblems workloads without a selector that selects exactly their pods
 * @param rejectedNames names from flow logs that break Kubernetes name rules
 * @param notes namespace-level remarks (no DNS observed, no inbound traffic observed, ...)
 * @param wideRules rules wider than the addresses observed, and why: public endpoints, broad ranges
 *     for peers the flow logs carry no address of, addresses read from the cluster, whole
 *     namespaces
 * @param sources where the evidence of the rules was read (files, Kafka topics), with how many
 *     rules and connections each backs
 */
public record Review(
    List<NamespaceSummary> namespaces,
    List<Dropped> dropped,
    List<Flagged> needsReview,
    List<SelectorProblem> selectorProblems,
    List<RejectedName> rejectedNames,
    List<String> notes,
    List<WideRule> wideRules,
    List<SourceUse> sources) {

  public Review {
    namespaces = List.copyOf(namespaces);
    dropped = List.copyOf(dropped);
    needsReview = List.copyOf(needsReview);
    selectorProblems = List.copyOf(selectorProblems);
    rejectedNames = List.copyOf(rejectedNames);
    notes = List.copyOf(notes);
    wideRules = List.copyOf(wideRules);
    sources = List.copyOf(sources);
  }

  /** Why a rule is wider than the addresses observed. */
  public enum Wideness {
    /** A public endpoint: open to the internet on the observed ports. */
    PUBLIC_ENDPOINT,
    /** A broad range: the flow logs carry no address for the peer. */
    BROAD,
    /** Addresses the flow logs do not carry, read from the cluster. */
    FROM_CLUSTER,
    /** A whole namespace ({@code --group namespace}). */
    WHOLE_NAMESPACE
  }

  /**
   * A rule wider than the addresses observed.
   *
   * @param policy {@code namespace/name}
   * @param rule {@code ingress[i]} or {@code egress[i]}
   * @param peers the peers it concerns, e.g. {@code 0.0.0.0/0 (except 7 ranges)}
   * @param ports the rule's ports
   * @param reason why, and what narrows it
   */
  public record WideRule(
      Wideness wideness,
      String policy,
      String rule,
      List<String> peers,
      List<String> ports,
      String reason) {
    public WideRule {
      peers = List.copyOf(peers);
      ports = List.copyOf(ports);
    }
  }

  /**
   * One evidence source: a file ({@code file:NAME}) or a Kafka topic partition ({@code
   * kafka:TOPIC/PARTITION}).
   *
   * @param rules rules whose evidence includes it
   */
  public record SourceUse(String source, int rules) {}

  /**
   * @param policies policies proposed in the namespace
   * @param rules ingress and egress rules in them
   * @param edges observed allowed edges (client, server, port) the policies allow
   * @param connections connections counted on those edges
   */
  public record NamespaceSummary(
      String namespace, int policies, int rules, int edges, long connections) {}

  /** A connection left out as weak or old evidence. */
  public record Dropped(ObservedConnection connection, String reason) {}

  /** A connection a human must look at. */
  public record Flagged(ObservedConnection connection, String reason) {}

  /**
   * A workload whose chosen selector is not exact.
   *
   * @param workload {@code namespace/workload}
   * @param selector the best available selector, used in the policies
   * @param alsoSelects other workloads of the namespace it selects too
   */
  public record SelectorProblem(
      String workload, String reason, Map<String, String> selector, List<String> alsoSelects) {}

  /**
   * A value that would have become a name, file name or label and was refused.
   *
   * @param value the value, escaped and shortened for display
   */
  public record RejectedName(String what, String value, String reason, long connections) {}

  /** Total edges covered over all namespaces. */
  public int edgesCovered() {
    return namespaces.stream().mapToInt(NamespaceSummary::edges).sum();
  }

  public int rules() {
    return namespaces.stream().mapToInt(NamespaceSummary::rules).sum();
  }
}
