package io.netpol.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.recommend.ProposedPeer;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.ProposedPort;
import io.netpol.recommend.ProposedRule;
import io.netpol.recommend.Selector;
import java.util.List;
import java.util.Map;

/**
 * A proposed policy as the document {@link PolicyDocuments#tree} makes of its NetworkPolicy — the
 * same fields in the same order — built straight from the model: no fabric8 object and no round
 * trip through Jackson's object mapping, which is most of the time a large proposal takes to write.
 */
final class ProposalTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The namespace label every namespace carries. */
  private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private ProposalTree() {}

  static ObjectNode of(ProposedPolicy p) {
    ObjectNode out = NODES.objectNode();
    out.put("apiVersion", "networking.k8s.io/v1");
    out.put("kind", "NetworkPolicy");
    ObjectNode metadata = out.putObject("metadata");
    metadata.put("name", p.name());
    metadata.put("namespace", p.namespace());
    strings(metadata, "labels", p.labels());
    strings(metadata, "annotations", p.annotations());
    ObjectNode spec = out.putObject("spec");
    spec.set("podSelector", selector(p.podSelector()));
    ArrayNode types = spec.putArray("policyTypes");
    if (p.isolatesIngress()) {
      types.add("Ingress");
    }
    if (p.isolatesEgress()) {
      types.add("Egress");
    }
    boolean alwaysNamespace = p.role() == io.netpol.recommend.PolicyRole.ALLOW_DNS;
    rules(spec, "ingress", "from", p.namespace(), p.ingress(), alwaysNamespace);
    rules(spec, "egress", "to", p.namespace(), p.egress(), alwaysNamespace);
    return out;
  }

  private static void strings(ObjectNode parent, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode o = parent.putObject(field);
      values.forEach(o::put);
    }
  }

  private static void rules(
      ObjectNode spec,
      String field,
      String peersField,
      String ns,
      List<ProposedRule> rules,
      boolean alwaysNamespace) {
    if (rules.isEmpty()) {
      return;
    }
    ArrayNode out = spec.putArray(field);
    for (ProposedRule r : rules) {
      ObjectNode rule = out.addObject();
      if (!r.peers().isEmpty()) {
        ArrayNode peers = rule.putArray(peersField);
        r.peers().forEach(peer -> peers.add(peer(ns, peer, alwaysNamespace)));
      }
      if (!r.ports().isEmpty()) {
        ArrayNode ports = rule.putArray("ports");
        for (ProposedPort port : r.ports()) {
          ObjectNode o = ports.addObject();
          o.put("port", port.port());
          o.put("protocol", port.protocol().name());
        }
      }
    }
  }

  /** fabric8's field order: ipBlock, namespaceSelector, podSelector. */
  private static ObjectNode peer(String ns, ProposedPeer p, boolean alwaysNamespace) {
    ObjectNode out = NODES.objectNode();
    switch (p.kind()) {
      case POD:
        if (alwaysNamespace || !p.namespace().equals(ns)) {
          out.set("namespaceSelector", namespace(p.namespace()));
        }
        out.set("podSelector", selector(p.selector()));
        return out;
      case NAMESPACE:
        if (p.namespace().equals(ns)) {
          out.putObject("podSelector");
        } else {
          out.set("namespaceSelector", namespace(p.namespace()));
        }
        return out;
      default:
        ObjectNode block = out.putObject("ipBlock");
        block.put("cidr", p.cidr());
        if (!p.except().isEmpty()) {
          ArrayNode except = block.putArray("except");
          p.except().forEach(except::add);
        }
        return out;
    }
  }

  private static ObjectNode namespace(String ns) {
    ObjectNode out = NODES.objectNode();
    out.putObject("matchLabels").put(NAMESPACE_NAME, ns);
    return out;
  }

  /** fabric8's field order: matchExpressions, matchLabels. */
  private static ObjectNode selector(Selector s) {
    ObjectNode out = NODES.objectNode();
    if (s.inKey() != null) {
      ObjectNode req = out.putArray("matchExpressions").addObject();
      req.put("key", s.inKey());
      req.put("operator", "In");
      ArrayNode values = req.putArray("values");
      s.inValues().forEach(values::add);
    }
    if (!s.matchLabels().isEmpty()) {
      ObjectNode labels = out.putObject("matchLabels");
      s.matchLabels().forEach(labels::put);
    }
    return out;
  }
}
