package io.netpol.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.recommend.Proposal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds the object trees of the custom resources: header, metadata, label maps and lists. */
final class Resources {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Resources() {}

  /**
   * {@code apiVersion}, {@code kind} and {@code metadata} (name, namespace when not null, the
   * managed-by label plus {@code labels}, and the annotations in key order).
   */
  static ObjectNode header(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations) {
    ObjectNode o = NODES.objectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode metadata = o.putObject("metadata");
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    SortedMap<String, String> allLabels = new TreeMap<>(labels);
    allLabels.put(Proposal.MANAGED_BY, Proposal.MANAGER);
    metadata.set("labels", map(allLabels));
    SortedMap<String, String> sorted = new TreeMap<>();
    annotations.forEach(
        (k, v) -> {
          if (v != null) {
            sorted.put(k, v);
          }
        });
    if (!sorted.isEmpty()) {
      metadata.set("annotations", map(sorted));
    }
    return o;
  }

  /**
   * A policy of another format made from {@code p}: same namespace and name, the managed-by label,
   * {@code p}'s reason and evidence and the rules annotation of {@code rules}, then {@code spec}.
   */
  static ObjectNode policy(
      String apiVersion, String kind, PolicyView p, RuleEvidence rules, ObjectNode spec) {
    ObjectNode o =
        header(
            apiVersion,
            kind,
            p.namespace(),
            p.name(),
            Map.of(),
            evidence(p.reason(), p.evidence(), rules.annotation()));
    o.set("spec", spec);
    return o;
  }

  /** The annotations a derived policy carries: reason, evidence and its rules' evidence. */
  static Map<String, String> evidence(String reason, String evidence, String rules) {
    Map<String, String> out = new TreeMap<>();
    out.put(Proposal.REASON, reason);
    out.put(Proposal.EVIDENCE, evidence);
    out.put(Proposal.RULES, rules);
    out.values().removeIf(java.util.Objects::isNull);
    return out;
  }

  /**
   * The policy-level evidence of several namespaces' policies as one annotation: a JSON array, one
   * line per namespace, each the namespace's evidence with the namespace first.
   */
  static String perNamespace(List<PolicyView> policies) {
    List<String> lines = new ArrayList<>();
    for (PolicyView p : policies) {
      if (p.evidence() == null) {
        continue;
      }
      try {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("namespace", p.namespace());
        fields.putAll(
            JSON.readValue(p.evidence(), new TypeReference<LinkedHashMap<String, Object>>() {}));
        lines.add(JSON.writeValueAsString(fields));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the evidence annotation of " + p.name(), e);
      }
    }
    return lines.isEmpty() ? null : "[\n" + String.join(",\n", lines) + "\n]\n";
  }

  static ObjectNode map(Map<String, String> values) {
    ObjectNode o = NODES.objectNode();
    new TreeMap<>(values).forEach(o::put);
    return o;
  }

  /** Label selector requirements as {@code matchExpressions}. */
  static ArrayNode expressions(List<PeerView.Expression> expressions) {
    ArrayNode out = NODES.arrayNode();
    for (PeerView.Expression e : expressions) {
      ObjectNode o = out.addObject();
      o.put("key", e.key());
      o.put("operator", e.operator());
      if (!e.values().isEmpty()) {
        o.set("values", strings(e.values()));
      }
    }
    return out;
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }
}
