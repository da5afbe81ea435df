package io.netpol.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A policy spec as one canonical line of JSON: keys sorted, and the empty values fabric8 and YAML
 * writers differ on ({}, [] and null: "not set") left out, except the selectors whose emptiness
 * means "all". Equal texts mean equal specs, so specs are compared as strings and only a changed
 * pair is parsed again to say which fields changed. Written straight from the parsed tree, without
 * building a second one.
 */
final class SpecText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

  private SpecText() {}

  /** The canonical text of a fabric8 spec (as read from a cluster). */
  static String of(NetworkPolicySpec spec) {
    return spec == null ? "null" : of((JsonNode) JSON.valueToTree(spec));
  }

  /** The canonical text of a spec as parsed from YAML or JSON; {@code null} for none. */
  static String of(JsonNode spec) {
    if (spec == null || spec.isNull() || spec.isMissingNode()) {
      return "null";
    }
    StringBuilder out = new StringBuilder(256);
    write(spec, out);
    return out.toString();
  }

  static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical spec is always valid JSON", e);
    }
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      node.properties().forEach(fields::add);
      if (fields.size() > 1) {
        fields.sort(Map.Entry.comparingByKey());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> f : fields) {
        if (!written(f.getKey(), f.getValue())) {
          continue;
        }
        out.append(first ? "" : ",");
        first = false;
        string(f.getKey(), out);
        out.append(':');
        write(f.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isNumber() || node.isBoolean() || node.isNull()) {
      // Their JSON text; toString would run a serializer for each.
      out.append(node.asText());
    } else {
      out.append(node.toString());
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    ESCAPE.quoteAsString(s, out);
    out.append('"');
  }

  /** A field is written unless it is not set; an empty selector is set: it selects all. */
  private static boolean written(String key, JsonNode v) {
    boolean selector = key.equals("podSelector") || key.equals("namespaceSelector");
    return !isEmpty(v) || (selector && v.isObject());
  }

  /** Not set: null, an empty array, or an object none of whose fields is written. */
  private static boolean isEmpty(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return true;
    }
    if (v.isArray()) {
      return v.isEmpty();
    }
    if (v.isObject()) {
      for (Map.Entry<String, JsonNode> f : v.properties()) {
        if (written(f.getKey(), f.getValue())) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
