package io.netpol.render;

import static io.netpol.render.Resources.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * projectcalico.org/v3 policies: per proposed allow policy a namespaced NetworkPolicy (Calico
 * selector expressions, namespaces by {@code projectcalico.org/name}, explicit {@code action:
 * Allow}, order {@value #ORDER}); one GlobalNetworkPolicy that default-denies the namespaces in
 * scope (no rules, order {@value #DENY_ORDER}: traffic no allow policy of the tier accepted is
 * denied at the end of the tier); GlobalNetworkSets for the public internet and for the addresses
 * observed per DNS name. The API server is matched as the {@code default/kubernetes} Service.
 */
final class CalicoRenderer implements Renderer {

  static final String API_VERSION = "projectcalico.org/v3";
  static final String NAME_LABEL = "projectcalico.org/name";
  static final String DEFAULT_DENY = "netpol-default-deny";
  static final int ORDER = 1000;
  static final int DENY_ORDER = 2000;
  static final String UNRENDERED =
      "calico: %s/%s: a network set known only by name cannot be selected; rule left out";

  private final List<String> notes = new ArrayList<>();
  private final CalicoSets sets = new CalicoSets();

  private final List<PolicyView> denies = new ArrayList<>();

  /** One namespace's allow policies; its default deny joins the cluster-wide one. */
  @Override
  public Rendering namespace(ProposalView proposal) {
    List<Manifest> policies = new ArrayList<>();
    for (PolicyView p : proposal.policies()) {
      if (p.role() != PolicyView.Role.DEFAULT_DENY) {
        policies.add(new Manifest(p.namespace(), p.name(), policy(p)));
      }
    }
    denies.addAll(proposal.withRole(PolicyView.Role.DEFAULT_DENY));
    return Rendering.of(policies, List.of());
  }

  /** The network sets the rules select, then the GlobalNetworkPolicy that denies the rest. */
  @Override
  public Rendering finish() {
    List<Manifest> out = new ArrayList<>(sets.manifests());
    if (!denies.isEmpty()) {
      out.add(new Manifest(null, DEFAULT_DENY, defaultDeny(denies)));
    }
    return Rendering.of(out, notes);
  }

  @Override
  public boolean clusterObjectsFirst() {
    return true;
  }

  private ObjectNode defaultDeny(List<PolicyView> denies) {
    SortedSet<String> namespaces = new TreeSet<>();
    denies.forEach(p -> namespaces.add(p.namespace()));
    ObjectNode o =
        Resources.header(
            API_VERSION,
            "GlobalNetworkPolicy",
            null,
            DEFAULT_DENY,
            Map.of(),
            Resources.evidence(
                "Deny all ingress and egress of every pod in "
                    + String.join(", ", namespaces)
                    + " that no other policy allows.",
                Resources.perNamespace(denies),
                null));
    ObjectNode spec = o.putObject("spec");
    spec.put("order", DENY_ORDER);
    spec.put("namespaceSelector", namespacesIn(namespaces));
    spec.put("selector", "all()");
    spec.set("types", Resources.strings(List.of("Ingress", "Egress")));
    return o;
  }

  static String namespacesIn(SortedSet<String> namespaces) {
    return NAME_LABEL
        + " in {"
        + namespaces.stream().map(ns -> "'" + ns + "'").collect(Collectors.joining(", "))
        + "}";
  }

  private ObjectNode policy(PolicyView p) {
    RuleEvidence evidence = new RuleEvidence();
    ObjectNode spec = NODES.objectNode();
    spec.put("order", ORDER);
    spec.put("selector", expression(p.subject()));
    List<String> types = new ArrayList<>();
    if (p.isolatesIngress()) {
      types.add("Ingress");
    }
    if (p.isolatesEgress()) {
      types.add("Egress");
    }
    spec.set("types", Resources.strings(types));
    if (p.isolatesIngress()) {
      spec.set("ingress", rules(p, p.ingress(), true, evidence));
    }
    if (p.isolatesEgress()) {
      spec.set("egress", rules(p, p.egress(), false, evidence));
    }
    return Resources.policy(API_VERSION, "NetworkPolicy", p, evidence, spec);
  }

  /** One Calico rule per peer and protocol (a Calico rule has one of each); equal ones merged. */
  private ArrayNode rules(PolicyView p, List<RuleView> rules, boolean ingress, RuleEvidence ev) {
    String direction = ingress ? "ingress" : "egress";
    Map<String, Integer> seen = new LinkedHashMap<>();
    ArrayNode out = NODES.arrayNode();
    for (RuleView rule : rules) {
      LinkedHashSet<String> protocols = new LinkedHashSet<>();
      rule.ports().forEach(port -> protocols.add(port.protocol()));
      for (String protocol : protocols) {
        List<Object> ports = new ArrayList<>();
        for (PortView port : rule.ports()) {
          if (port.protocol().equals(protocol)) {
            ports.add(port.endPort() == null ? port.port() : port.port() + ":" + port.endPort());
          }
        }
        for (ObjectNode entity : entities(p, rule, ingress)) {
          ObjectNode r = NODES.objectNode();
          r.put("action", "Allow");
          r.put("protocol", protocol);
          ObjectNode destination;
          if (ingress) {
            r.set("source", entity);
            destination = r.putObject("destination");
          } else {
            destination = entity;
            r.set("destination", destination);
          }
          if (!destination.has("services")) {
            ArrayNode list = destination.putArray("ports");
            ports.forEach(v -> list.add(json(v)));
          }
          int index = seen.computeIfAbsent(r.toString(), k -> out.add(r).size() - 1);
          ev.add(rule, direction + "[" + index + "]");
        }
      }
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.JsonNode json(Object v) {
    return v instanceof Integer i ? NODES.numberNode(i) : NODES.textNode(String.valueOf(v));
  }

  /** The source (ingress) or destination (egress) entities of a rule's peers. */
  private List<ObjectNode> entities(PolicyView p, RuleView rule, boolean ingress) {
    List<ObjectNode> out = new ArrayList<>();
    SortedSet<String> publicCidrs = new TreeSet<>();
    SortedSet<String> publicExcept = new TreeSet<>();
    for (PeerView peer : rule.peers()) {
      ObjectNode e = NODES.objectNode();
      switch (peer.kind()) {
        case POD -> {
          e.put("selector", expression(peer.labels(), peer.expressions()));
          if (!peer.namespace().equals(p.namespace())) {
            e.put("namespaceSelector", NAME_LABEL + " == '" + peer.namespace() + "'");
          }
        }
        case NAMESPACE -> e.put("namespaceSelector", NAME_LABEL + " == '" + peer.namespace() + "'");
        case PUBLIC_INTERNET -> {
          publicCidrs.add(peer.cidr());
          publicExcept.addAll(peer.except());
          continue;
        }
        case KUBE_APISERVER -> {
          if (ingress) {
            nets(e, peer);
          } else {
            ObjectNode svc = e.putObject("services");
            svc.put("name", "kubernetes");
            svc.put("namespace", "default");
          }
        }
        case WORLD -> {
          if (peer.dnsNames().isEmpty()) {
            nets(e, peer);
          } else {
            e.put("selector", CalicoSets.selector(sets.world(peer.dnsNames(), peer.cidr())));
            e.put("namespaceSelector", "global()");
            if (!peer.except().isEmpty()) {
              e.set("notNets", Resources.strings(peer.except()));
            }
          }
        }
        case NETWORK_SET -> {
          if (!peer.labels().isEmpty()) {
            e.put("selector", expression(peer.labels()));
            if (peer.namespace() == null) {
              e.put("namespaceSelector", "global()");
            } else if (!peer.namespace().equals(p.namespace())) {
              e.put("namespaceSelector", NAME_LABEL + " == '" + peer.namespace() + "'");
            }
          } else if (peer.cidr() != null) {
            nets(e, peer);
          } else {
            notes.add(String.format(UNRENDERED, p.namespace(), p.name()));
            continue;
          }
        }
        default -> nets(e, peer);
      }
      out.add(e);
    }
    if (!publicCidrs.isEmpty()) {
      ObjectNode e = NODES.objectNode();
      e.put("selector", CalicoSets.selector(sets.publicInternet(publicCidrs)));
      e.put("namespaceSelector", "global()");
      if (!publicExcept.isEmpty()) {
        e.set("notNets", Resources.strings(publicExcept));
      }
      out.add(e);
    }
    return out;
  }

  private static void nets(ObjectNode e, PeerView peer) {
    e.set("nets", Resources.strings(List.of(peer.cidr())));
    if (!peer.except().isEmpty()) {
      e.set("notNets", Resources.strings(peer.except()));
    }
  }

  /** A Calico selector expression: {@code app == 'api' && tier == 'web'}, or {@code all()}. */
  static String expression(Map<String, String> labels) {
    return expression(labels, List.of());
  }

  static String expression(Map<String, String> labels, List<PeerView.Expression> expressions) {
    List<String> terms = new ArrayList<>();
    labels.forEach((k, v) -> terms.add(k + " == '" + v + "'"));
    for (PeerView.Expression e : expressions) {
      String values = e.values().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
      terms.add(
          switch (e.operator()) {
            case "In" -> e.key() + " in {" + values + "}";
            case "NotIn" -> e.key() + " not in {" + values + "}";
            case "Exists" -> "has(" + e.key() + ")";
            default -> "!has(" + e.key() + ")";
          });
    }
    return terms.isEmpty() ? "all()" : String.join(" && ", terms);
  }
}
