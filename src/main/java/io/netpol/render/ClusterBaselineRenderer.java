package io.netpol.render;

import static io.netpol.render.Resources.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The namespaces' default deny and DNS egress as two cluster-wide policy.networking.k8s.io/v1alpha2
 * ClusterNetworkPolicies (an alpha API, for CNIs that implement it): a Baseline-tier deny of the
 * namespaces in scope, which the namespaces' NetworkPolicies override where they allow, and an
 * Admin-tier accept of DNS egress to the DNS pods observed. The per-workload NetworkPolicies are
 * written unchanged beside them.
 */
final class ClusterBaselineRenderer implements Renderer {

  static final String API_VERSION = "policy.networking.k8s.io/v1alpha2";
  static final String KIND = "ClusterNetworkPolicy";
  static final String BASELINE = "netpol-baseline-default-deny";
  static final String ADMIN_DNS = "netpol-admin-allow-dns";
  static final String EXPERIMENTAL = "netpol-recommend.io/experimental";
  static final String ALPHA =
      "policy.networking.k8s.io/v1alpha2 is an alpha API: check that your CNI implements"
          + " ClusterNetworkPolicy and install its CRD before applying";
  static final String NOTE =
      "cluster-baseline: "
          + ALPHA
          + "; the Baseline deny covers ingress from pods only (its peers are pods), so traffic"
          + " from outside the cluster to pods that no NetworkPolicy selects for ingress is not"
          + " denied";
  private static final int PRIORITY = 1000;
  private static final String NAMESPACE_NAME = ProposalViews.NAMESPACE_NAME;

  private final List<PolicyView> denies = new ArrayList<>();
  private final List<PolicyView> dns = new ArrayList<>();
  private final KubernetesRenderer kubernetes = new KubernetesRenderer();

  /** One namespace's workload NetworkPolicies; its deny and DNS policy join the cluster-wide. */
  @Override
  public Rendering namespace(ProposalView proposal) {
    denies.addAll(proposal.withRole(PolicyView.Role.DEFAULT_DENY));
    dns.addAll(proposal.withRole(PolicyView.Role.ALLOW_DNS));
    List<Manifest> manifests = kubernetes.namespace(proposal).manifests();
    List<Manifest> out = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      if (proposal.policies().get(i).role() == PolicyView.Role.WORKLOAD) {
        out.add(manifests.get(i));
      }
    }
    return Rendering.of(out, List.of());
  }

  /** The Baseline-tier deny and the Admin-tier DNS accept of every namespace rendered. */
  @Override
  public Rendering finish() {
    List<Manifest> out = new ArrayList<>();
    if (!denies.isEmpty()) {
      out.add(new Manifest(null, BASELINE, baseline(denies)));
    }
    if (!dns.isEmpty()) {
      out.add(new Manifest(null, ADMIN_DNS, adminDns(dns)));
    }
    return Rendering.of(out, List.of(NOTE));
  }

  @Override
  public boolean clusterObjectsFirst() {
    return true;
  }

  private static ObjectNode baseline(List<PolicyView> denies) {
    SortedSet<String> namespaces = namespaces(denies);
    ObjectNode o =
        header(
            BASELINE,
            "Deny all ingress from pods and all egress of every pod in "
                + String.join(", ", namespaces)
                + " that no NetworkPolicy allows.",
            Resources.perNamespace(denies),
            null);
    ObjectNode spec = spec(o, "Baseline", namespaces);
    ObjectNode in = spec.putArray("ingress").addObject();
    in.put("name", "default-deny");
    in.put("action", "Deny");
    in.putArray("from").addObject().putObject("namespaces");
    ObjectNode eg = spec.putArray("egress").addObject();
    eg.put("name", "default-deny");
    eg.put("action", "Deny");
    eg.putArray("to").addObject().set("networks", Resources.strings(List.of("0.0.0.0/0", "::/0")));
    return o;
  }

  private static ObjectNode adminDns(List<PolicyView> dns) {
    SortedSet<String> namespaces = namespaces(dns);
    RuleEvidence evidence = new RuleEvidence();
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    ArrayNode to = NODES.arrayNode();
    for (PolicyView p : dns) {
      for (RuleView rule : p.egress()) {
        for (PeerView peer : rule.peers()) {
          ObjectNode pods = NODES.objectNode();
          ObjectNode inner = pods.putObject("pods");
          inner
              .putObject("namespaceSelector")
              .set("matchLabels", Resources.map(Map.of(NAMESPACE_NAME, peer.namespace())));
          inner
              .putObject("podSelector")
              .set("matchLabels", Resources.map(new TreeMap<>(peer.labels())));
          if (seen.add(pods.toString())) {
            to.add(pods);
          }
        }
        evidence.add(rule, "egress[0]", p.namespace());
      }
    }
    ObjectNode o =
        header(
            ADMIN_DNS,
            "DNS lookups of every pod in "
                + String.join(", ", namespaces)
                + " to the DNS pods observed answering them (UDP and TCP 53), accepted before any"
                + " NetworkPolicy.",
            Resources.perNamespace(dns),
            evidence.annotation());
    ObjectNode spec = spec(o, "Admin", namespaces);
    ObjectNode rule = spec.putArray("egress").addObject();
    rule.put("name", "allow-dns");
    rule.put("action", "Accept");
    rule.set("to", to);
    ArrayNode protocols = rule.putArray("protocols");
    for (String protocol : List.of("udp", "tcp")) {
      protocols.addObject().putObject(protocol).putObject("destinationPort").put("number", 53);
    }
    return o;
  }

  private static ObjectNode header(String name, String reason, String evidence, String rules) {
    Map<String, String> annotations = new TreeMap<>(Resources.evidence(reason, evidence, rules));
    annotations.put(EXPERIMENTAL, ALPHA);
    return Resources.header(API_VERSION, KIND, null, name, Map.of(), annotations);
  }

  private static ObjectNode spec(ObjectNode o, String tier, SortedSet<String> namespaces) {
    ObjectNode spec = o.putObject("spec");
    spec.put("tier", tier);
    spec.put("priority", PRIORITY);
    ObjectNode expression =
        spec.putObject("subject").putObject("namespaces").putArray("matchExpressions").addObject();
    expression.put("key", NAMESPACE_NAME);
    expression.put("operator", "In");
    expression.set("values", Resources.strings(namespaces));
    return spec;
  }

  private static SortedSet<String> namespaces(List<PolicyView> policies) {
    SortedSet<String> out = new TreeSet<>();
    policies.forEach(p -> out.add(p.namespace()));
    return out;
  }
}
