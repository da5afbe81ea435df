package io.netpol.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netpol.recommend.ClusterFacts;
import io.netpol.recommend.PolicyRole;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.ProposedPeer;
import io.netpol.recommend.ProposedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The view the renderers read of a {@link Proposal}: each policy's role and each address peer's
 * kind (node, API server, internet, private network, network set) come from the typed model, pod
 * and namespace selectors and ports from its networking.k8s.io/v1 rendering, so every format writes
 * the same policies.
 */
public final class ProposalViews {

  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
  static final String UNSUPPORTED_SELECTOR =
      "policy %s/%s: a pod or namespace selector of this shape cannot be rendered in this format";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The labels of the Calico network sets the cluster has, by {@code [namespace/]name}. */
  private final Map<String, Map<String, String>> setLabels;

  private ProposalViews(Map<String, Map<String, String>> setLabels) {
    this.setLabels = setLabels;
  }

  /** The view of {@code proposal}, without knowledge of the cluster. */
  public static ProposalView of(Proposal proposal) {
    return of(proposal, ClusterFacts.NONE);
  }

  /**
   * The view of {@code proposal}; a network-set peer of a set {@code cluster} knows is selected by
   * the set's labels (exact in Calico's own policies, whatever its addresses).
   */
  public static ProposalView of(Proposal proposal, ClusterFacts cluster) {
    Map<String, Map<String, String>> labels = new java.util.HashMap<>();
    cluster.networkSets().forEach(s -> labels.put(s.key(), s.labels()));
    ProposalViews adapter = new ProposalViews(labels);
    return new ProposalView(proposal.stream().map(adapter::policy).toList());
  }

  private static PolicyView.Role role(PolicyRole role) {
    return switch (role) {
      case DEFAULT_DENY -> PolicyView.Role.DEFAULT_DENY;
      case ALLOW_DNS -> PolicyView.Role.ALLOW_DNS;
      default -> PolicyView.Role.WORKLOAD;
    };
  }

  private PolicyView policy(ProposedPolicy proposed) {
    NetworkPolicy p = proposed.toNetworkPolicy();
    PolicyView.Role role = role(proposed.role());
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    NetworkPolicySpec spec = p.getSpec();
    Map<String, Map<String, Object>> evidence = ruleEvidence(p);
    List<RuleView> ingress = new ArrayList<>();
    for (int i = 0; i < spec.getIngress().size(); i++) {
      var r = spec.getIngress().get(i);
      ingress.add(
          rule(
              p,
              r.getFrom(),
              proposed.ingress().get(i).peers(),
              r.getPorts(),
              evidence.get("ingress[" + i + "]")));
    }
    List<RuleView> egress = new ArrayList<>();
    for (int i = 0; i < spec.getEgress().size(); i++) {
      var r = spec.getEgress().get(i);
      egress.add(
          rule(
              p,
              r.getTo(),
              proposed.egress().get(i).peers(),
              r.getPorts(),
              evidence.get("egress[" + i + "]")));
    }
    Map<String, String> annotations = p.getMetadata().getAnnotations();
    return new PolicyView(
        ns,
        name,
        role,
        labels(p, spec.getPodSelector()),
        ingress,
        egress,
        spec.getPolicyTypes().contains("Ingress"),
        spec.getPolicyTypes().contains("Egress"),
        annotations.get(Proposal.REASON),
        annotations.get(Proposal.EVIDENCE),
        p);
  }

  private RuleView rule(
      NetworkPolicy p,
      List<NetworkPolicyPeer> peers,
      List<ProposedPeer> typed,
      List<NetworkPolicyPort> ports,
      Map<String, Object> evidence) {
    SortedSet<String> ruleNames = new TreeSet<>();
    if (evidence != null && evidence.get("dnsNames") instanceof List<?> names) {
      names.forEach(n -> ruleNames.add(String.valueOf(n)));
    }
    List<PeerView> out = new ArrayList<>();
    for (int j = 0; j < peers.size(); j++) {
      SortedSet<String> names = peers.size() == 1 ? ruleNames : new TreeSet<>();
      ProposedPeer t = typed.get(j);
      out.add(t.isAddress() ? address(t, names) : peer(p, peers.get(j), names));
    }
    List<PortView> portViews =
        ports.stream()
            .map(
                port ->
                    new PortView(
                        port.getPort().getIntVal(),
                        port.getEndPort(),
                        port.getProtocol() == null ? "TCP" : port.getProtocol()))
            .toList();
    return new RuleView(out, portViews, evidence);
  }

  /** An ipBlock peer as the recommender classified it (node, API server, network set, ...). */
  private PeerView address(ProposedPeer t, SortedSet<String> ruleNames) {
    List<String> except = t.except();
    switch (t.kind()) {
      case NODE:
        return PeerView.network(PeerKind.NODE, t.cidr(), except, null);
      case API_SERVER:
        return PeerView.network(PeerKind.KUBE_APISERVER, t.cidr(), except, null);
      case PUBLIC_INTERNET:
        return PeerView.network(PeerKind.PUBLIC_INTERNET, t.cidr(), except, null);
      case PRIVATE_NETWORK:
        return PeerView.network(PeerKind.PRIVATE_NETWORK, t.cidr(), except, null);
      case NETWORK_SET:
        Map<String, String> labels =
            setLabels.getOrDefault(
                t.namespace() == null ? t.name() : t.namespace() + "/" + t.name(), Map.of());
        return PeerView.networkSet(t.namespace(), t.name(), labels, t.cidr());
      case WORLD:
      default:
        SortedSet<String> names = new TreeSet<>(t.dnsNames());
        names.addAll(ruleNames);
        return PeerView.network(PeerKind.WORLD, t.cidr(), except, names);
    }
  }

  private PeerView peer(NetworkPolicy p, NetworkPolicyPeer peer, SortedSet<String> ruleNames) {
    String ns = p.getMetadata().getNamespace();
    if (peer.getNamespaceSelector() != null) {
      ns = labels(p, peer.getNamespaceSelector()).get(NAMESPACE_NAME);
      if (ns == null) {
        throw unsupported(p);
      }
      if (peer.getPodSelector() == null) {
        return PeerView.namespace(ns);
      }
    }
    LabelSelector pods = peer.getPodSelector();
    List<PeerView.Expression> expressions = new ArrayList<>();
    if (pods.getMatchExpressions() != null) {
      pods.getMatchExpressions()
          .forEach(
              e ->
                  expressions.add(
                      new PeerView.Expression(e.getKey(), e.getOperator(), e.getValues())));
    }
    return PeerView.pod(ns, matchLabels(pods), expressions);
  }

  /** The labels of a selector that must have no expressions (policy and namespace selectors). */
  private static SortedMap<String, String> labels(NetworkPolicy p, LabelSelector selector) {
    if (selector != null
        && selector.getMatchExpressions() != null
        && !selector.getMatchExpressions().isEmpty()) {
      throw unsupported(p);
    }
    return matchLabels(selector);
  }

  private static SortedMap<String, String> matchLabels(LabelSelector selector) {
    return selector == null || selector.getMatchLabels() == null
        ? new TreeMap<>()
        : new TreeMap<>(selector.getMatchLabels());
  }

  private static IllegalStateException unsupported(NetworkPolicy p) {
    return new IllegalStateException(
        String.format(
            UNSUPPORTED_SELECTOR, p.getMetadata().getNamespace(), p.getMetadata().getName()));
  }

  /** The rules annotation, by rule reference ({@code ingress[0]}, ...), each entry in order. */
  private static Map<String, Map<String, Object>> ruleEvidence(NetworkPolicy p) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    String text = p.getMetadata().getAnnotations().get(Proposal.RULES);
    if (text == null) {
      return out;
    }
    try {
      List<LinkedHashMap<String, Object>> entries =
          JSON.readValue(text, new TypeReference<List<LinkedHashMap<String, Object>>>() {});
      entries.forEach(e -> out.put(String.valueOf(e.get("rule")), e));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the rules annotation of " + p.getMetadata().getName(), e);
    }
  }
}
