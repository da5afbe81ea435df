package io.netpol.recommend;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the internal model as networking.k8s.io/v1 NetworkPolicy objects. */
final class KubernetesPolicies {

  /** The namespace label every namespace carries, set by the API server and immutable. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private KubernetesPolicies() {}

  static NetworkPolicy render(ProposedPolicy p) {
    List<String> types = new ArrayList<>();
    if (p.isolatesIngress()) {
      types.add("Ingress");
    }
    if (p.isolatesEgress()) {
      types.add("Egress");
    }
    boolean alwaysNamespace = p.role() == PolicyRole.ALLOW_DNS;
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(p.name())
        .withNamespace(p.namespace())
        .withLabels(new TreeMap<>(p.labels()))
        .withAnnotations(new TreeMap<>(p.annotations()))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(selector(p.podSelector()))
        .withPolicyTypes(types)
        .withIngress(
            p.ingress().stream()
                .map(
                    r ->
                        new NetworkPolicyIngressRuleBuilder()
                            .withFrom(peers(p.namespace(), r, alwaysNamespace))
                            .withPorts(ports(r))
                            .build())
                .toList())
        .withEgress(
            p.egress().stream()
                .map(
                    r ->
                        new NetworkPolicyEgressRuleBuilder()
                            .withTo(peers(p.namespace(), r, alwaysNamespace))
                            .withPorts(ports(r))
                            .build())
                .toList())
        .endSpec()
        .build();
  }

  static LabelSelector selector(Selector s) {
    LabelSelectorBuilder b = new LabelSelectorBuilder();
    if (!s.matchLabels().isEmpty()) {
      b.withMatchLabels(new TreeMap<>(s.matchLabels()));
    }
    if (s.inKey() != null) {
      b.withMatchExpressions(
          new LabelSelectorRequirementBuilder()
              .withKey(s.inKey())
              .withOperator("In")
              .withValues(s.inValues())
              .build());
    }
    return b.build();
  }

  private static List<NetworkPolicyPeer> peers(String ns, ProposedRule rule, boolean alwaysNs) {
    return rule.peers().stream().map(peer -> peer(ns, peer, alwaysNs)).toList();
  }

  /**
   * A pod peer in another namespace (or any DNS server) is selected by the immutable namespace name
   * label AND its pod labels; in the policy's own namespace by its pod labels alone.
   */
  private static NetworkPolicyPeer peer(String ns, ProposedPeer peer, boolean alwaysNamespace) {
    NetworkPolicyPeerBuilder b = new NetworkPolicyPeerBuilder();
    switch (peer.kind()) {
      case POD:
        b.withPodSelector(selector(peer.selector()));
        if (alwaysNamespace || !peer.namespace().equals(ns)) {
          b.withNamespaceSelector(namespaceSelector(peer.namespace()));
        }
        return b.build();
      case NAMESPACE:
        if (peer.namespace().equals(ns)) {
          return b.withPodSelector(new LabelSelector()).build();
        }
        return b.withNamespaceSelector(namespaceSelector(peer.namespace())).build();
      default:
        return b.withNewIpBlock()
            .withCidr(peer.cidr())
            .withExcept(peer.except().isEmpty() ? null : peer.except())
            .endIpBlock()
            .build();
    }
  }

  private static LabelSelector namespaceSelector(String ns) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(NAMESPACE_NAME, ns)).build();
  }

  private static List<NetworkPolicyPort> ports(ProposedRule rule) {
    return rule.ports().stream()
        .map(
            p ->
                new NetworkPolicyPortBuilder()
                    .withProtocol(p.protocol().name())
                    .withPort(new IntOrString(p.port()))
                    .build())
        .toList();
  }
}
