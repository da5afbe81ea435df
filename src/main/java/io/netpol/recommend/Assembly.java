package io.netpol.recommend;

import io.netpol.flow.Protocol;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stage 5: the policies of one namespace, named (with the prefix), labelled and annotated: the
 * default deny, DNS egress, then per workload its ingress and egress policies (in parts when the
 * size budget cut them).
 */
final class Assembly {

  static final String DEFAULT_DENY = "default-deny";
  static final String ALLOW_DNS = "allow-dns";

  private static final List<ProposedPort> DNS_PORTS =
      List.of(new ProposedPort(53, Protocol.UDP), new ProposedPort(53, Protocol.TCP));

  private final Identities ids;
  private final String prefix;

  Assembly(Identities ids, String prefix) {
    this.ids = ids;
    this.prefix = prefix;
  }

  /**
   * The default deny. Its evidence says what it covers: the pods of the namespace and the edges the
   * policies beside it allow.
   */
  ProposedPolicy defaultDeny(String ns, Evidence covered) {
    int workloads = ids.workloads(ns).size();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("covers", "every pod in " + ns);
    evidence.put("workloadsObserved", workloads);
    String reason;
    if (workloads == 0) {
      evidence.put(
          "note",
          "no pod of " + ns + " was observed (--allow-empty): nothing but DNS will be allowed");
      reason =
          "Deny all ingress and egress of every pod in "
              + ns
              + ": no pod was observed there, so no traffic is allowed but DNS.";
    } else {
      reason =
          String.format(
              "Deny all ingress and egress of every pod in %s that no other policy allows: %d"
                  + " workload%s observed, whose %,d observed edge%s (%,d connections) the"
                  + " policies beside this one allow.",
              ns,
              workloads,
              workloads == 1 ? "" : "s",
              covered.edges(),
              covered.edges() == 1 ? "" : "s",
              covered.connections());
    }
    if (workloads > 0) {
      evidence.put("allowedBesideIt", EvidenceAnnotations.fields(covered.summary()));
    }
    return policy(
        ns,
        name(DEFAULT_DENY),
        PolicyRole.DEFAULT_DENY,
        null,
        Selector.all(),
        List.of(),
        List.of(),
        EvidenceAnnotations.of(reason, evidence, null, List.of()));
  }

  /** DNS egress of every pod to the DNS servers observed; null when there is none. */
  ProposedPolicy allowDns(String ns, List<WorkloadKey> servers, Evidence evidence) {
    List<ProposedPeer> peers = new ArrayList<>();
    Map<Selector, List<WorkloadKey>> bySelector = new LinkedHashMap<>();
    for (WorkloadKey s : servers) {
      bySelector.computeIfAbsent(ids.selector(s), k -> new ArrayList<>()).add(s);
    }
    bySelector.forEach(
        (sel, keys) -> peers.add(ProposedPeer.pods(keys.get(0).namespace(), sel, keys)));
    List<ProposedRule.ObservedPeer> observed =
        servers.stream()
            .map(
                s ->
                    new ProposedRule.ObservedPeer(
                        s.toString(), s, null, DNS_PORTS, EvidenceSummary.NONE))
            .toList();
    ProposedRule rule = new ProposedRule(peers, DNS_PORTS, evidence.summary(), observed, List.of());
    String reason =
        "DNS lookups of every pod in "
            + ns
            + " to the DNS pods observed answering them (UDP and TCP 53).";
    return policy(
        ns,
        name(ALLOW_DNS),
        PolicyRole.ALLOW_DNS,
        null,
        Selector.all(),
        List.of(),
        List.of(rule),
        EvidenceAnnotations.of(
            reason, EvidenceAnnotations.fields(evidence.summary()), "egress", List.of(rule)));
  }

  /** The ingress or egress policies of one workload: one, or one per part of its rules. */
  List<ProposedPolicy> workload(WorkloadKey w, boolean ingress, List<List<ProposedRule>> parts) {
    List<ProposedPolicy> out = new ArrayList<>();
    Selector selector = ids.selector(w);
    String direction = ingress ? "ingress" : "egress";
    for (int i = 0; i < parts.size(); i++) {
      List<ProposedRule> rules = parts.get(i);
      Evidence total = new Evidence();
      rules.forEach(r -> total.add(r.evidence()));
      String suffix = i == 0 ? direction : direction + "-" + (i + 1);
      String reason =
          (ingress ? "Inbound connections of " : "Outbound connections of ")
              + w
              + (ingress
                  ? " from the clients and ports observed"
                  : " to the servers and ports observed")
              + (parts.size() > 1
                  ? " (part " + (i + 1) + " of " + parts.size() + ": one object would be too large)"
                  : "")
              + ".";
      out.add(
          policy(
              w.namespace(),
              KubernetesNames.policyName(prefix + w.workload(), suffix),
              ingress ? PolicyRole.INGRESS : PolicyRole.EGRESS,
              w,
              selector,
              ingress ? rules : List.of(),
              ingress ? List.of() : rules,
              EvidenceAnnotations.of(
                  reason, EvidenceAnnotations.fields(total.summary()), direction, rules)));
    }
    return out;
  }

  private String name(String base) {
    return prefix + base;
  }

  private static ProposedPolicy policy(
      String ns,
      String name,
      PolicyRole role,
      WorkloadKey subject,
      Selector podSelector,
      List<ProposedRule> ingress,
      List<ProposedRule> egress,
      SortedMap<String, String> annotations) {
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
}
