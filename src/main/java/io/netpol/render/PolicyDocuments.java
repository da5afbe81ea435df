package io.netpol.render;

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
import io.netpol.text.YamlStrings;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders NetworkPolicies (and any other object tree) as kubectl-ready YAML or JSON, byte-identical
 * for equal input: fields in the order people write them (apiVersion, kind, metadata{name,
 * namespace, labels, annotations}, spec{podSelector, policyTypes, ingress, egress}), empty and null
 * fields left out except the selectors whose emptiness means "all".
 */
public final class PolicyDocuments {

  private static final ObjectMapper TREE = new ObjectMapper();

  /** The YAML mapper; {@link YamlWriter} writes what it writes, faster. */
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              // Strings a YAML 1.1 or 1.2 reader would take for numbers, booleans or dates are
              // quoted (label values such as 0x1F, yes, 1e5).
              .stringQuotingChecker(YamlStrings.checker())
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
  public static String yaml(NetworkPolicy policy) {
    return yaml((Object) tree(policy));
  }

  /** Objects as one multi-document YAML stream. */
  public static String yamlStream(List<? extends JsonNode> objects) {
    StringBuilder out = new StringBuilder();
    for (JsonNode o : objects) {
      out.append("---\n").append(yaml(o));
    }
    return out.toString();
  }

  /** Objects as a JSON {@code v1 List}. */
  public static String jsonList(List<? extends JsonNode> objects) {
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    objects.forEach(items::add);
    try {
      return JSON.writeValueAsString(list) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes objects as one multi-document YAML stream, one at a time, so memory does not grow with
   * their number; the same bytes as {@link #yamlStream}.
   */
  public static void writeYaml(Iterable<? extends JsonNode> objects, Writer out)
      throws IOException {
    for (JsonNode o : objects) {
      writeYaml(o, out);
    }
    out.flush();
  }

  /** Writes one document of a multi-document YAML stream ({@code ---} and the object). */
  public static void writeYaml(JsonNode object, Writer out) throws IOException {
    out.write("---\n");
    out.write(yaml(object));
  }

  /**
   * Writes objects as a JSON {@code v1 List}, one item at a time; the same bytes as {@link
   * #jsonList}.
   */
  public static void writeJsonList(Iterable<? extends JsonNode> objects, Writer out)
      throws IOException {
    JsonListWriter list = new JsonListWriter(out);
    for (JsonNode o : objects) {
      list.write(o);
    }
    list.finish();
  }

  /** A JSON {@code v1 List} written one item at a time: memory does not grow with their number. */
  public static final class JsonListWriter {
    private final Writer out;
    private final JsonGenerator g;

    public JsonListWriter(Writer out) throws IOException {
      this.out = out;
      g = JSON.getFactory().createGenerator(out);
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      g.writeStartObject();
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "List");
      g.writeArrayFieldStart("items");
    }

    /** Writes the next item. */
    public void write(JsonNode object) throws IOException {
      JSON.writeTree(g, object);
    }

    /** Ends the list; the same bytes as {@link #jsonList} of the items. */
    public void finish() throws IOException {
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.write("\n");
      out.flush();
    }
  }

  /** Any value (an object tree, kustomization.yaml) as one YAML document. */
  public static String yaml(Object value) {
    if (value instanceof ObjectNode tree) {
      String text = YamlWriter.write(YAML, tree);
      if (text != null) {
        return text;
      }
    }
    try {
      String text = YAML.writeValueAsString(value);
      return text.endsWith("\n") ? text : text + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The policy as an object tree in the order people write it, empty fields left out. */
  public static ObjectNode tree(NetworkPolicy policy) {
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
  static void clean(JsonNode node) {
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
