package io.netpol.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders NetworkPolicies as kubectl-ready YAML or JSON, byte-identical for equal input: fields in
 * the order people write them (apiVersion, kind, metadata{name, namespace, labels, annotations},
 * spec{podSelector, policyTypes, ingress, egress}), empty and null fields left out except the
 * selectors whose emptiness means "all".
 */
final class PolicyDocuments {

  private static final ObjectMapper TREE = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> METADATA =
      List.of("name", "namespace", "labels", "annotations");
  private static final List<String> SPEC =
      List.of("podSelector", "policyTypes", "ingress", "egress");
  private static final List<String> RULE = List.of("from", "to", "ports");
  private static final List<String> KEEP_EMPTY = List.of("podSelector", "namespaceSelector");

  private PolicyDocuments() {}

  /** One policy as a YAML document (no {@code ---} marker). */
  static String yaml(NetworkPolicy policy) {
    return yaml(tree(policy));
  }

  /** One policy document ({@link #tree}) as YAML (no {@code ---} marker). */
  static String yaml(ObjectNode tree) {
    try {
      String text = YAML.writeValueAsString(tree);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Policies as one multi-document YAML stream. */
  static String yaml(List<NetworkPolicy> policies) {
    StringBuilder out = new StringBuilder();
    for (NetworkPolicy p : policies) {
      out.append("---\n").append(yaml(p));
    }
    return out.toString();
  }

  /**
   * Writes policies as one multi-document YAML stream, one at a time, so memory does not grow with
   * the number of policies.
   */
  static void writeYaml(Iterable<ObjectNode> policies, Writer out) throws IOException {
    for (ObjectNode p : policies) {
      out.write("---\n");
      out.write(yaml(p));
    }
    out.flush();
  }

  /**
   * Writes policies as a JSON {@code v1 List}, one item at a time; the same bytes as {@link
   * #jsonList}.
   */
  static void writeJsonList(Iterable<ObjectNode> policies, Writer out) throws IOException {
    JsonGenerator g = JSON.getFactory().createGenerator(out);
    g.setPrettyPrinter(new DefaultPrettyPrinter());
    g.writeStartObject();
    g.writeStringField("apiVersion", "v1");
    g.writeStringField("kind", "List");
    g.writeArrayFieldStart("items");
    for (ObjectNode p : policies) {
      JSON.writeTree(g, p);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.write("\n");
    out.flush();
  }

  /** Policies as a JSON {@code v1 List}. */
  static String jsonList(List<NetworkPolicy> policies) {
    return jsonTrees(policies.stream().map(PolicyDocuments::tree).toList());
  }

  /** Policy documents ({@link #tree}) as a JSON {@code v1 List}. */
  static String jsonTrees(List<ObjectNode> policies) {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    policies.forEach(items::add);
    try {
      return JSON.writeValueAsString(list) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any value as YAML (kustomization.yaml). */
  static String yaml(Object value) {
    try {
      String text = YAML.writeValueAsString(value);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode tree(NetworkPolicy policy) {
    ObjectNode raw = TREE.valueToTree(policy);
    ObjectNode out = ordered(raw, TOP);
    if (out.get("metadata") instanceof ObjectNode m) {
      out.set("metadata", ordered(m, METADATA));
    }
    if (out.get("spec") instanceof ObjectNode s) {
      ObjectNode spec = ordered(s, SPEC);
      for (String direction : List.of("ingress", "egress")) {
        if (spec.get(direction) instanceof ArrayNode rules) {
          ArrayNode sortedRules = JsonNodeFactory.instance.arrayNode();
          rules.forEach(r -> sortedRules.add(r instanceof ObjectNode o ? ordered(o, RULE) : r));
          spec.set(direction, sortedRules);
        }
      }
      out.set("spec", spec);
    }
    clean(out);
    return out;
  }

  /** The same fields, {@code first} ones first in that order, the rest as they were. */
  private static ObjectNode ordered(ObjectNode node, List<String> first) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String key : first) {
      if (node.has(key)) {
        out.set(key, node.get(key));
      }
    }
    List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
    node.properties().forEach(rest::add);
    rest.stream()
        .filter(e -> !first.contains(e.getKey()))
        .forEach(e -> out.set(e.getKey(), e.getValue()));
    return out;
  }

  /** Drops nulls, empty arrays and empty objects (but keeps empty selectors: they mean "all"). */
  private static void clean(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        clean(e.getValue());
        JsonNode v = e.getValue();
        boolean empty = v.isNull() || (v.isContainerNode() && v.isEmpty());
        if (empty && !(v.isObject() && KEEP_EMPTY.contains(e.getKey()))) {
          it.remove();
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(PolicyDocuments::clean);
    }
  }
}
