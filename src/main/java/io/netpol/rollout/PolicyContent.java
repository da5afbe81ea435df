package io.netpol.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.policy.Ownership;
import java.util.Map;

/**
 * Policy objects as the rollout writes and compares them: any kind as a generic resource, and "the
 * same content" as the same spec, labels and annotations once the API server's defaults and empty
 * fields are set aside (a server answers with defaults filled in and empty lists dropped).
 */
public final class PolicyContent {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PolicyContent() {}

  public static String json(Object o) {
    return JSON.asJson(o);
  }

  public static GenericKubernetesResource parse(String json) {
    return JSON.unmarshal(json, GenericKubernetesResource.class);
  }

  /**
   * The proposal's NetworkPolicy as {@code kind}: itself, or a staged policy with the same spec.
   */
  public static GenericKubernetesResource as(NetworkPolicy p, PolicyKind kind) {
    GenericKubernetesResource g = parse(json(p));
    g.setApiVersion(kind.apiVersion());
    g.setKind(kind.kind());
    if (kind == PolicyKind.STAGED_NETWORK_POLICY) {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) g.getAdditionalProperties().get("spec");
      if (spec != null) {
        spec.put("stagedAction", "Set");
      }
    }
    return g;
  }

  /** A staged policy's spec as the NetworkPolicy it previews. */
  public static NetworkPolicy enforcing(GenericKubernetesResource staged) {
    GenericKubernetesResource g = parse(json(staged));
    g.setApiVersion(PolicyKind.NETWORK_POLICY.apiVersion());
    g.setKind(PolicyKind.NETWORK_POLICY.kind());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) g.getAdditionalProperties().get("spec");
    if (spec != null) {
      spec.remove("stagedAction");
    }
    return JSON.unmarshal(json(g), NetworkPolicy.class);
  }

  /** Labelled as the tool's and stamped with the step, ready to create (no server fields). */
  public static GenericKubernetesResource stamped(
      GenericKubernetesResource o, String namespace, String stepId) {
    GenericKubernetesResource g = withoutServerFields(parse(json(o)));
    ObjectMeta m = g.getMetadata();
    m.setNamespace(namespace);
    Map<String, String> labels = new java.util.TreeMap<>();
    if (m.getLabels() != null) {
      labels.putAll(m.getLabels());
    }
    labels.put(Ownership.LABEL, Ownership.OWNER);
    m.setLabels(labels);
    Map<String, String> annotations = new java.util.TreeMap<>();
    if (m.getAnnotations() != null) {
      annotations.putAll(m.getAnnotations());
    }
    annotations.put(Ownership.STEP_ANNOTATION, stepId);
    m.setAnnotations(annotations);
    return g;
  }

  /** A copy without the fields the API server owns, ready to be written again. */
  public static GenericKubernetesResource withoutServerFields(GenericKubernetesResource o) {
    GenericKubernetesResource g = parse(json(o));
    ObjectMeta m = g.getMetadata();
    m.setResourceVersion(null);
    m.setUid(null);
    m.setCreationTimestamp(null);
    m.setManagedFields(null);
    m.setGeneration(null);
    m.setSelfLink(null);
    g.getAdditionalProperties().remove("status");
    return g;
  }

  /** Whether two objects (JSON, null for absent) have the same content. */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return content(a).equals(content(b));
  }

  /** Spec, labels and annotations, normalised. */
  static JsonNode content(String json) {
    JsonNode o = JSON.unmarshal(json, JsonNode.class);
    ObjectNode out = NODES.objectNode();
    out.set("spec", normalisedSpec(o.path("kind").asText(), o.path("spec")));
    out.set("labels", prune(o.path("metadata").path("labels")));
    out.set("annotations", prune(o.path("metadata").path("annotations")));
    return out;
  }

  private static JsonNode normalisedSpec(String kind, JsonNode spec) {
    JsonNode s = prune(spec);
    if (!(s instanceof ObjectNode obj)) {
      return s;
    }
    for (String direction : new String[] {"ingress", "egress"}) {
      for (JsonNode rule : obj.path(direction)) {
        for (JsonNode port : rule.path("ports")) {
          if (port instanceof ObjectNode p && !p.has("protocol")) {
            p.put("protocol", "TCP");
          }
        }
      }
    }
    if (!obj.has("policyTypes")) {
      ArrayNode types = NODES.arrayNode().add("Ingress");
      if (obj.has("egress")) {
        types.add("Egress");
      }
      obj.set("policyTypes", types);
    }
    if (PolicyKind.STAGED_NETWORK_POLICY.kind().equals(kind) && !obj.has("stagedAction")) {
      obj.put("stagedAction", "Set");
    }
    return obj;
  }

  /** A deep copy without nulls, empty lists and empty objects (what Go's omitempty drops). */
  private static JsonNode prune(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return NODES.objectNode();
    }
    if (n.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode v = prune(e.getValue());
        if (!isEmpty(v) || e.getKey().equals("podSelector")) {
          out.set(e.getKey(), v);
        }
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode v : n) {
        out.add(prune(v));
      }
      return out;
    }
    return n;
  }

  private static boolean isEmpty(JsonNode v) {
    return v.isNull() || ((v.isObject() || v.isArray()) && v.isEmpty());
  }
}
