package io.netpol.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The documents of a shipped multi-document YAML manifest, for tests that check them. */
public final class Manifests {
  private Manifests() {}

  public static List<JsonNode> docs(String file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper(new YAMLFactory())
        .readerFor(JsonNode.class)
        .readValues(Path.of(file).toFile())
        .forEachRemaining(n -> out.add((JsonNode) n));
    return out;
  }
}
