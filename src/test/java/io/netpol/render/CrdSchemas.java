package io.netpol.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The OpenAPI v3 schemas of the published CRDs under {@code src/test/resources/crds/}, by {@code
 * apiVersion/kind}, validating objects as a strict client would: every object schema that lists its
 * properties (and does not preserve unknown fields) refuses fields it does not list, since the API
 * server would silently prune them.
 */
final class CrdSchemas {
  static final Path DIR = Path.of("src/test/resources/crds");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static final Map<String, Schema> SCHEMAS = load();

  private CrdSchemas() {}

  /** Whether a published schema is stored for the object's apiVersion and kind. */
  static boolean covers(JsonNode object) {
    return SCHEMAS.containsKey(key(object));
  }

  /** The schema violations of {@code object}; empty when it is valid. */
  static List<String> errors(JsonNode object) {
    Schema schema = SCHEMAS.get(key(object));
    if (schema == null) {
      throw new IllegalArgumentException("no CRD schema stored for " + key(object));
    }
    try {
      return schema.validate(JSON.writeValueAsString(object), InputFormat.JSON).stream()
          .map(Error::toString)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  private static Map<String, Schema> load() {
    Map<String, Schema> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode crd = YAML.readTree(f.toFile());
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
          JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
          strict(schema);
          out.put(
              group + "/" + version.path("name").asText() + "/" + kind,
              REGISTRY.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Adds {@code additionalProperties: false} where a schema lists its properties. */
  private static void strict(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    if (o.has("properties")
        && !o.has("additionalProperties")
        && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      o.put("additionalProperties", false);
    }
    o.properties()
        .forEach(
            e -> {
              switch (e.getKey()) {
                // anyOf/oneOf branches only constrain which listed fields are present.
                case "anyOf", "oneOf", "allOf", "not" -> {}
                case "properties" -> e.getValue().forEach(CrdSchemas::strict);
                default -> {
                  if (e.getValue().isObject()) {
                    strict(e.getValue());
                  } else if (e.getValue().isArray()) {
                    e.getValue().forEach(CrdSchemas::strict);
                  }
                }
              }
            });
  }
}
