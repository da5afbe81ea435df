package io.netpol.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.TreeMap;

/**
 * A policy spec as one canonical line of JSON: keys sorted, and the empty values fabric8 and YAML
 * writers differ on ({}, [] and null: "not set") left out, except the selectors whose emptiness
 * means "all". Equal texts mean equal specs, so specs are compared as strings and only a changed
 * pair is parsed again to say which fields changed.
 */
final class SpecText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecText() {}

  static String of(NetworkPolicySpec spec) {
    return spec == null ? "null" : normalise(JSON.valueToTree(spec)).toString();
  }

  static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical spec is always valid JSON", e);
    }
  }

  private static JsonNode normalise(JsonNode node) {
    if (node == null) {
      return NullNode.getInstance();
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(e -> sorted.put(e.getKey(), normalise(e.getValue())));
      sorted.forEach(
          (k, v) -> {
            if (!isEmpty(v) || k.equals("podSelector") || k.equals("namespaceSelector")) {
              out.set(k, v);
            }
          });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(normalise(n)));
      return out;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() || (v.isContainerNode() && v.isEmpty());
  }
}
