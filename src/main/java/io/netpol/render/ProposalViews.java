package io.netpol.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netpol.flow.IpAddresses;
import io.netpol.flow.ObservedConnection;
import io.netpol.recommend.PolicyRole;
import io.netpol.recommend.Proposal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The adapter from today's {@link Proposal} (networking.k8s.io/v1 objects with evidence
 * annotations) to the {@link ProposalView} the renderers read. Peers are read back from the
 * policies; what an ipBlock address is (node, API server, network set, internet) comes from the
 * observed connections. Kept small and alone so that a typed proposal from the recommender can
 * replace it.
 */
public final class ProposalViews {

  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
  static final String UNSUPPORTED_SELECTOR =
      "policy %s/%s: a pod or namespace selector of this shape cannot be rendered in this format";
  private static final String ANY_V4 = "0.0.0.0/0";
  private static final String ANY_V6 = "::/0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AddressBook addresses;

  private ProposalViews(AddressBook addresses) {
    this.addresses = addresses;
  }

  /** The view of {@code proposal}; {@code observed} are the connections it was made from. */
  public static ProposalView of(Proposal proposal, List<ObservedConnection> observed) {
    ProposalViews adapter = new ProposalViews(AddressBook.of(observed));
    return new ProposalView(
        proposal.stream().map(p -> adapter.policy(p.toNetworkPolicy(), role(p.role()))).toList());
  }

  private static PolicyView.Role role(PolicyRole role) {
    return switch (role) {
      case DEFAULT_DENY -> PolicyView.Role.DEFAULT_DENY;
      case ALLOW_DNS -> PolicyView.Role.ALLOW_DNS;
      default -> PolicyView.Role.WORKLOAD;
    };
  }

  private PolicyView policy(NetworkPolicy p, PolicyView.Role role) {
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    NetworkPolicySpec spec = p.getSpec();
    Map<String, Map<String, Object>> evidence = ruleEvidence(p);
    List<RuleView> ingress = new ArrayList<>();
    for (int i = 0; i < spec.getIngress().size(); i++) {
      var r = spec.getIngress().get(i);
      ingress.add(rule(p, r.getFrom(), r.getPorts(), evidence.get("ingress[" + i + "]")));
    }
    List<RuleView> egress = new ArrayList<>();
    for (int i = 0; i < spec.getEgress().size(); i++) {
      var r = spec.getEgress().get(i);
      egress.add(rule(p, r.getTo(), r.getPorts(), evidence.get("egress[" + i + "]")));
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
      List<NetworkPolicyPort> ports,
      Map<String, Object> evidence) {
    SortedSet<String> ruleNames = new TreeSet<>();
    if (evidence != null && evidence.get("dnsNames") instanceof List<?> names) {
      names.forEach(n -> ruleNames.add(String.valueOf(n)));
    }
    List<PeerView> out = new ArrayList<>();
    for (NetworkPolicyPeer peer : peers) {
      out.add(peer(p, peer, peers.size() == 1 ? ruleNames : new TreeSet<>()));
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

  private PeerView peer(NetworkPolicy p, NetworkPolicyPeer peer, SortedSet<String> ruleNames) {
    if (peer.getIpBlock() != null) {
      return address(peer.getIpBlock().getCidr(), peer.getIpBlock().getExcept(), ruleNames);
    }
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

  private PeerView address(String cidr, List<String> except, SortedSet<String> ruleNames) {
    if (cidr.equals(ANY_V4) || cidr.equals(ANY_V6)) {
      return PeerView.network(PeerKind.PUBLIC_INTERNET, cidr, except, null);
    }
    AddressBook.Entry e = addresses.lookup(cidr);
    if (e == null) {
      String ip = cidr.substring(0, cidr.indexOf('/'));
      PeerKind kind = IpAddresses.isPrivate(ip) ? PeerKind.PRIVATE_NETWORK : PeerKind.WORLD;
      return PeerView.network(kind, cidr, except, kind == PeerKind.WORLD ? ruleNames : null);
    }
    switch (e.kind()) {
      case HOST:
        return PeerView.network(PeerKind.NODE, cidr, except, null);
      case APISERVER:
        return PeerView.network(PeerKind.KUBE_APISERVER, cidr, except, null);
      case NETWORK:
        if (e.name() != null && !e.name().equals("pvt")) {
          return PeerView.networkSet(e.namespace(), e.name(), Map.of(), cidr);
        }
        return PeerView.network(PeerKind.PRIVATE_NETWORK, cidr, except, null);
      case WORLD:
      default:
        SortedSet<String> names = new TreeSet<>(e.dnsNames());
        names.addAll(ruleNames);
        return PeerView.network(PeerKind.WORLD, cidr, except, names);
    }
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
