package io.netpol.recommend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.netpol.flow.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** Builds the fabric8 NetworkPolicy objects, with ownership label and evidence annotations. */
final class PolicyFactory {

  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BiFunction<String, String, PodSelectors.Selection> selectors;

  PolicyFactory(BiFunction<String, String, PodSelectors.Selection> selectors) {
    this.selectors = selectors;
  }

  NetworkPolicy defaultDeny(String ns, Evidence covered) {
    return base(
            ns,
            "default-deny",
            "Deny all ingress and egress of every pod in " + ns + " that no other policy allows.",
            covered,
            null)
        .editSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  NetworkPolicy allowDns(String ns, List<RulePeer> servers, Evidence evidence) {
    List<NetworkPolicyPeer> to = servers.stream().map(p -> peer(ns, p, true)).toList();
    List<NetworkPolicyPort> ports =
        List.of(port(new PortKey(53, Protocol.UDP)), port(new PortKey(53, Protocol.TCP)));
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("rule", "egress[0]");
    rule.put("peers", servers.stream().map(RulePeer::display).toList());
    rule.put("ports", List.of("53/UDP", "53/TCP"));
    rule.putAll(evidence.fields());
    return base(
            ns,
            "allow-dns",
            "DNS lookups of every pod in "
                + ns
                + " to the DNS pods observed answering them (UDP and TCP 53).",
            evidence,
            List.of(rule))
        .editSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Egress")
        .withEgress(new NetworkPolicyEgressRuleBuilder().withTo(to).withPorts(ports).build())
        .endSpec()
        .build();
  }

  NetworkPolicy ingress(String ns, String workload, RuleSet rules) {
    List<NetworkPolicyIngressRule> out = new ArrayList<>();
    List<Map<String, Object>> evidence = new ArrayList<>();
    Evidence total = new Evidence();
    rules
        .byPeer()
        .forEach(
            (peer, ports) -> {
              out.add(
                  new NetworkPolicyIngressRuleBuilder()
                      .withFrom(peer(ns, peer, false))
                      .withPorts(ports.keySet().stream().map(PolicyFactory::port).toList())
                      .build());
              evidence.add(ruleEvidence("ingress[" + (out.size() - 1) + "]", peer, ports, total));
            });
    return base(
            ns,
            KubernetesNames.policyName(workload, "ingress"),
            "Inbound connections of "
                + ns
                + "/"
                + workload
                + " from the clients and ports observed.",
            total,
            evidence)
        .editSpec()
        .withPodSelector(podSelector(ns, workload))
        .withPolicyTypes("Ingress")
        .withIngress(out)
        .endSpec()
        .build();
  }

  NetworkPolicy egress(String ns, String workload, RuleSet rules) {
    List<NetworkPolicyEgressRule> out = new ArrayList<>();
    List<Map<String, Object>> evidence = new ArrayList<>();
    Evidence total = new Evidence();
    rules
        .byPeer()
        .forEach(
            (peer, ports) -> {
              out.add(
                  new NetworkPolicyEgressRuleBuilder()
                      .withTo(peer(ns, peer, false))
                      .withPorts(ports.keySet().stream().map(PolicyFactory::port).toList())
                      .build());
              evidence.add(ruleEvidence("egress[" + (out.size() - 1) + "]", peer, ports, total));
            });
    return base(
            ns,
            KubernetesNames.policyName(workload, "egress"),
            "Outbound connections of "
                + ns
                + "/"
                + workload
                + " to the servers and ports observed.",
            total,
            evidence)
        .editSpec()
        .withPodSelector(podSelector(ns, workload))
        .withPolicyTypes("Egress")
        .withEgress(out)
        .endSpec()
        .build();
  }

  /** Rules over all policies. */
  static int rules(List<NetworkPolicy> policies) {
    return policies.stream()
        .mapToInt(p -> p.getSpec().getIngress().size() + p.getSpec().getEgress().size())
        .sum();
  }

  private static Map<String, Object> ruleEvidence(
      String rule, RulePeer peer, SortedMap<PortKey, Evidence> ports, Evidence total) {
    Evidence sum = new Evidence();
    ports.values().forEach(sum::addAll);
    total.addAll(sum);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rule", rule);
    out.put("peer", peer.display());
    out.put("ports", ports.keySet().stream().map(PortKey::display).toList());
    out.putAll(sum.fields());
    return out;
  }

  private NetworkPolicyBuilder base(
      String ns, String name, String reason, Evidence evidence, List<Map<String, Object>> rules) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(Proposal.REASON, reason);
    annotations.put(Proposal.EVIDENCE, json(evidence.fields()) + "\n");
    if (rules != null) {
      List<String> lines = rules.stream().map(PolicyFactory::json).toList();
      annotations.put(Proposal.RULES, "[\n" + String.join(",\n", lines) + "\n]\n");
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(new TreeMap<>(Map.of(Proposal.MANAGED_BY, Proposal.MANAGER)))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .endSpec();
  }

  private LabelSelector podSelector(String ns, String workload) {
    return new LabelSelectorBuilder()
        .withMatchLabels(new TreeMap<>(selectors.apply(ns, workload).labels()))
        .build();
  }

  /**
   * A workload peer in another namespace (or any DNS server, {@code alwaysNamespace}) is selected
   * by the immutable namespace name label AND its pod labels; in the policy's own namespace by its
   * pod labels alone.
   */
  private NetworkPolicyPeer peer(String ns, RulePeer peer, boolean alwaysNamespace) {
    if (!peer.isWorkload()) {
      return new NetworkPolicyPeerBuilder()
          .withNewIpBlock()
          .withCidr(peer.cidr())
          .withExcept(peer.except().isEmpty() ? null : peer.except())
          .endIpBlock()
          .build();
    }
    NetworkPolicyPeerBuilder b =
        new NetworkPolicyPeerBuilder()
            .withPodSelector(podSelector(peer.namespace(), peer.workload()));
    if (alwaysNamespace || !peer.namespace().equals(ns)) {
      b.withNewNamespaceSelector()
          .withMatchLabels(Map.of(NAMESPACE_NAME, peer.namespace()))
          .endNamespaceSelector();
    }
    return b.build();
  }

  private static NetworkPolicyPort port(PortKey key) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(key.protocol().name())
        .withPort(new IntOrString(key.port()))
        .build();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
