package io.netpol.render;

import static io.netpol.render.Resources.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * cilium.io/v2 CiliumNetworkPolicies, one per proposed policy: endpoint selectors for pods (peers
 * in other namespaces by {@code k8s:io.kubernetes.pod.namespace}), entities for nodes ({@code
 * host}, {@code remote-node}), the API server ({@code kube-apiserver}) and public endpoints ({@code
 * world}), {@code toFQDNs} for internet peers whose DNS names were observed (with the L7 DNS rule
 * on the namespace's DNS policy that lets Cilium learn their addresses), and CIDRs for the other
 * addresses. The default deny is a policy selecting every endpoint with one empty rule per
 * direction, which is how Cilium puts endpoints into default deny.
 */
final class CiliumRenderer implements Renderer {

  static final String API_VERSION = "cilium.io/v2";
  static final String KIND = "CiliumNetworkPolicy";
  static final String NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace";
  static final String NO_DNS_FOR_FQDN =
      "cilium: namespace %s allows peers by DNS name but no DNS traffic was observed: toFQDNs"
          + " learns addresses only from DNS answers the pods get through an allowed DNS rule";
  static final String UNRENDERED =
      "cilium: %s/%s: a network set known only by name cannot be selected by Cilium; rule left out";

  /** The peer families a Cilium rule may hold only one of. */
  private enum Family {
    ENDPOINTS("fromEndpoints", "toEndpoints"),
    ENTITIES("fromEntities", "toEntities"),
    CIDR("fromCIDR", "toCIDR"),
    CIDR_SET("fromCIDRSet", "toCIDRSet"),
    FQDNS(null, "toFQDNs");

    final String ingressKey;
    final String egressKey;

    Family(String ingressKey, String egressKey) {
      this.ingressKey = ingressKey;
      this.egressKey = egressKey;
    }
  }

  private final List<String> notes = new ArrayList<>();

  /** One namespace's policies: which namespaces need the DNS rule depends on its policies only. */
  @Override
  public Rendering namespace(ProposalView proposal) {
    SortedSet<String> fqdnNamespaces = new TreeSet<>();
    for (PolicyView p : proposal.policies()) {
      boolean named =
          p.egress().stream()
              .flatMap(r -> r.peers().stream())
              .anyMatch(peer -> peer.kind() == PeerKind.WORLD && !peer.dnsNames().isEmpty());
      if (named) {
        fqdnNamespaces.add(p.namespace());
      }
    }
    for (String ns : fqdnNamespaces) {
      boolean dns =
          proposal.withRole(PolicyView.Role.ALLOW_DNS).stream()
              .anyMatch(p -> p.namespace().equals(ns));
      if (!dns) {
        notes.add(String.format(NO_DNS_FOR_FQDN, ns));
      }
    }
    List<Manifest> out = new ArrayList<>();
    for (PolicyView p : proposal.policies()) {
      out.add(new Manifest(p.namespace(), p.name(), policy(p, fqdnNamespaces)));
    }
    return Rendering.of(out, List.of());
  }

  @Override
  public Rendering finish() {
    return Rendering.of(List.of(), notes);
  }

  private ObjectNode policy(PolicyView p, SortedSet<String> fqdnNamespaces) {
    ObjectNode spec = NODES.objectNode();
    spec.set("endpointSelector", selector(p.subject()));
    RuleEvidence evidence = new RuleEvidence();
    if (p.role() == PolicyView.Role.DEFAULT_DENY) {
      // An empty rule allows nothing but puts the selected endpoints into default deny.
      spec.putArray("ingress").addObject();
      spec.putArray("egress").addObject();
    } else {
      boolean dnsRule =
          p.role() == PolicyView.Role.ALLOW_DNS && fqdnNamespaces.contains(p.namespace());
      if (p.isolatesIngress()) {
        spec.set("ingress", rules(p, p.ingress(), true, false, evidence));
      }
      if (p.isolatesEgress()) {
        spec.set("egress", rules(p, p.egress(), false, dnsRule, evidence));
      }
    }
    return Resources.policy(API_VERSION, KIND, p, evidence, spec);
  }

  private ArrayNode rules(
      PolicyView p, List<RuleView> rules, boolean ingress, boolean dnsRule, RuleEvidence ev) {
    ArrayNode out = NODES.arrayNode();
    Map<String, Integer> seen = new LinkedHashMap<>();
    String direction = ingress ? "ingress" : "egress";
    for (RuleView rule : rules) {
      Map<Family, List<PeerView>> families = new LinkedHashMap<>();
      for (Family f : Family.values()) {
        families.put(f, new ArrayList<>());
      }
      for (PeerView peer : rule.peers()) {
        Family f = family(peer, ingress);
        if (f == null) {
          notes.add(String.format(UNRENDERED, p.namespace(), p.name()));
        } else {
          families.get(f).add(peer);
        }
      }
      for (Map.Entry<Family, List<PeerView>> e : families.entrySet()) {
        if (e.getValue().isEmpty()) {
          continue;
        }
        ObjectNode r = NODES.objectNode();
        String key = ingress ? e.getKey().ingressKey : e.getKey().egressKey;
        r.set(key, peers(e.getKey(), e.getValue(), p));
        r.set("toPorts", ports(rule.ports(), dnsRule));
        // Peers that render alike (two addresses of one DNS name) share one rule.
        int index = seen.computeIfAbsent(r.toString(), k -> out.add(r).size() - 1);
        ev.add(rule, direction + "[" + index + "]");
      }
    }
    return out;
  }

  private static Family family(PeerView peer, boolean ingress) {
    switch (peer.kind()) {
      case POD:
      case NAMESPACE:
        return Family.ENDPOINTS;
      case NODE:
      case KUBE_APISERVER:
      case PUBLIC_INTERNET:
        return Family.ENTITIES;
      case WORLD:
        if (!ingress && !peer.dnsNames().isEmpty()) {
          return Family.FQDNS;
        }
        return peer.except().isEmpty() ? Family.CIDR : Family.CIDR_SET;
      case NETWORK_SET:
        if (peer.cidr() == null) {
          return null;
        }
        return Family.CIDR;
      case PRIVATE_NETWORK:
      default:
        return peer.except().isEmpty() ? Family.CIDR : Family.CIDR_SET;
    }
  }

  private static ArrayNode peers(Family family, List<PeerView> peers, PolicyView p) {
    ArrayNode out = NODES.arrayNode();
    SortedSet<String> unique = new TreeSet<>();
    switch (family) {
      case ENDPOINTS:
        for (PeerView peer : peers) {
          SortedMap<String, String> labels = new TreeMap<>(peer.labels());
          if (!peer.namespace().equals(p.namespace()) || peer.kind() == PeerKind.NAMESPACE) {
            labels.put(NAMESPACE_LABEL, peer.namespace());
          }
          ObjectNode selector = selector(labels);
          if (!peer.expressions().isEmpty()) {
            selector.set("matchExpressions", Resources.expressions(peer.expressions()));
          }
          out.add(selector);
        }
        return out;
      case ENTITIES:
        for (PeerView peer : peers) {
          switch (peer.kind()) {
            case NODE -> {
              unique.add("host");
              unique.add("remote-node");
            }
            case KUBE_APISERVER -> unique.add("kube-apiserver");
            default -> unique.add("world");
          }
        }
        return Resources.strings(unique);
      case FQDNS:
        peers.forEach(peer -> unique.addAll(peer.dnsNames()));
        unique.forEach(name -> out.addObject().put("matchName", name));
        return out;
      case CIDR_SET:
        for (PeerView peer : peers) {
          ObjectNode set = out.addObject();
          set.put("cidr", peer.cidr());
          set.set("except", Resources.strings(peer.except()));
        }
        return out;
      case CIDR:
      default:
        peers.forEach(peer -> unique.add(peer.cidr()));
        return Resources.strings(unique);
    }
  }

  private static ArrayNode ports(List<PortView> ports, boolean dnsRule) {
    ArrayNode out = NODES.arrayNode();
    ObjectNode entry = out.addObject();
    ArrayNode list = entry.putArray("ports");
    for (PortView port : ports) {
      ObjectNode p = list.addObject();
      p.put("port", String.valueOf(port.port()));
      if (port.endPort() != null) {
        p.put("endPort", port.endPort());
      }
      p.put("protocol", port.protocol());
    }
    if (dnsRule) {
      entry.putObject("rules").putArray("dns").addObject().put("matchPattern", "*");
    }
    return out;
  }

  private static ObjectNode selector(Map<String, String> labels) {
    ObjectNode s = NODES.objectNode();
    if (!labels.isEmpty()) {
      s.set("matchLabels", Resources.map(labels));
    }
    return s;
  }
}
