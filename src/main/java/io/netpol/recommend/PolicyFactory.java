package io.netpol.recommend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netpol.flow.Protocol;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** Builds the proposed policies, with ownership label and evidence annotations. */
final class PolicyFactory {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BiFunction<String, String, PodSelectors.Selection> selectors;

  PolicyFactory(BiFunction<String, String, PodSelectors.Selection> selectors) {
    this.selectors = selectors;
  }

  ProposedPolicy defaultDeny(String ns, Evidence covered) {
    return policy(
        ns,
        "default-deny",
        PolicyRole.DEFAULT_DENY,
        null,
        Selector.all(),
        "Deny all ingress and egress of every pod in " + ns + " that no other policy allows.",
        covered,
        null,
        List.of(),
        List.of());
  }

  ProposedPolicy allowDns(String ns, List<RulePeer> servers, Evidence evidence) {
    List<ProposedPort> ports =
        List.of(new ProposedPort(53, Protocol.UDP), new ProposedPort(53, Protocol.TCP));
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("rule", "egress[0]");
    rule.put("peers", servers.stream().map(RulePeer::display).toList());
    rule.put("ports", List.of("53/UDP", "53/TCP"));
    rule.putAll(evidence.fields());
    ProposedRule r =
        new ProposedRule(
            servers.stream().map(this::peer).toList(),
            ports,
            evidence.summary(),
            List.of(),
            List.of());
    return policy(
        ns,
        "allow-dns",
        PolicyRole.ALLOW_DNS,
        null,
        Selector.all(),
        "DNS lookups of every pod in "
            + ns
            + " to the DNS pods observed answering them (UDP and TCP 53).",
        evidence,
        List.of(rule),
        List.of(),
        List.of(r));
  }

  ProposedPolicy ingress(String ns, String workload, RuleSet rules) {
    return perWorkload(ns, workload, rules, PolicyRole.INGRESS);
  }

  ProposedPolicy egress(String ns, String workload, RuleSet rules) {
    return perWorkload(ns, workload, rules, PolicyRole.EGRESS);
  }

  private ProposedPolicy perWorkload(String ns, String workload, RuleSet rules, PolicyRole role) {
    boolean in = role == PolicyRole.INGRESS;
    List<ProposedRule> out = new ArrayList<>();
    List<Map<String, Object>> evidence = new ArrayList<>();
    Evidence total = new Evidence();
    rules
        .byPeer()
        .forEach(
            (peer, ports) -> {
              Evidence sum = new Evidence();
              ports.values().forEach(sum::addAll);
              out.add(
                  new ProposedRule(
                      List.of(peer(peer)),
                      List.copyOf(ports.keySet()),
                      sum.summary(),
                      List.of(),
                      List.of()));
              evidence.add(
                  ruleEvidence(
                      (in ? "ingress[" : "egress[") + (out.size() - 1) + "]", peer, ports, total));
            });
    return policy(
        ns,
        KubernetesNames.policyName(workload, in ? "ingress" : "egress"),
        role,
        new WorkloadKey(ns, workload),
        Selector.of(selectors.apply(ns, workload).labels()),
        (in ? "Inbound connections of " : "Outbound connections of ")
            + ns
            + "/"
            + workload
            + (in
                ? " from the clients and ports observed."
                : " to the servers and ports observed."),
        total,
        evidence,
        in ? out : List.of(),
        in ? List.of() : out);
  }

  /** Rules over all policies. */
  static int rules(List<ProposedPolicy> policies) {
    return policies.stream().mapToInt(ProposedPolicy::ruleCount).sum();
  }

  private static Map<String, Object> ruleEvidence(
      String rule, RulePeer peer, SortedMap<ProposedPort, Evidence> ports, Evidence total) {
    Evidence sum = new Evidence();
    ports.values().forEach(sum::addAll);
    total.addAll(sum);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rule", rule);
    out.put("peer", peer.display());
    out.put("ports", ports.keySet().stream().map(ProposedPort::display).toList());
    out.putAll(sum.fields());
    return out;
  }

  private ProposedPolicy policy(
      String ns,
      String name,
      PolicyRole role,
      WorkloadKey subject,
      Selector podSelector,
      String reason,
      Evidence evidence,
      List<Map<String, Object>> rules,
      List<ProposedRule> ingress,
      List<ProposedRule> egress) {
    SortedMap<String, String> annotations = new TreeMap<>();
    annotations.put(Proposal.REASON, reason);
    annotations.put(Proposal.EVIDENCE, json(evidence.fields()) + "\n");
    if (rules != null) {
      List<String> lines = rules.stream().map(PolicyFactory::json).toList();
      annotations.put(Proposal.RULES, "[\n" + String.join(",\n", lines) + "\n]\n");
    }
    return new ProposedPolicy(
        ns,
        name,
        role,
        subject,
        podSelector,
        ingress,
        egress,
        new TreeMap<>(Map.of(Proposal.MANAGED_BY, Proposal.MANAGER)),
        annotations);
  }

  private ProposedPeer peer(RulePeer peer) {
    if (peer.isWorkload()) {
      return ProposedPeer.pods(
          peer.namespace(),
          Selector.of(selectors.apply(peer.namespace(), peer.workload()).labels()),
          List.of(new WorkloadKey(peer.namespace(), peer.workload())));
    }
    return ProposedPeer.address(
        peer.kind(), peer.cidr(), peer.except(), AddressOrigin.FLOWS, null, null, List.of(), null);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
