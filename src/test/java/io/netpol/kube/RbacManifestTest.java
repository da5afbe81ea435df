package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/rbac.yaml grants what netpol-rollout uses and nothing more. */
class RbacManifestTest {

  private static List<JsonNode> docs() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper(new YAMLFactory())
        .readerFor(JsonNode.class)
        .readValues(Path.of("deploy/rbac.yaml").toFile())
        .forEachRemaining(n -> out.add((JsonNode) n));
    return out;
  }

  @Test
  void the_rollout_role_reads_namespaces_pods_and_policies_and_writes_only_policies()
      throws IOException {
    Set<String> writes = new TreeSet<>();
    Set<String> reads = new TreeSet<>();
    for (JsonNode doc : docs()) {
      String kind = doc.path("kind").asText();
      if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
        continue;
      }
      for (JsonNode rule : doc.path("rules")) {
        for (JsonNode verb : rule.path("verbs")) {
          assertFalse(
              Set.of("*", "patch", "deletecollection", "escalate", "bind").contains(verb.asText()),
              doc.toString());
          for (JsonNode resource : rule.path("resources")) {
            assertFalse(resource.asText().equals("*"), doc.toString());
            (Set.of("get", "list").contains(verb.asText()) ? reads : writes)
                .add(kind + ":" + resource.asText() + ":" + verb.asText());
          }
        }
      }
    }
    assertEquals(
        Set.of(
            "ClusterRole:namespaces:get",
            "ClusterRole:namespaces:list",
            "ClusterRole:pods:get",
            "ClusterRole:pods:list",
            "ClusterRole:networkpolicies:get",
            "ClusterRole:networkpolicies:list",
            "Role:networkpolicies:get",
            "Role:networkpolicies:list"),
        reads);
    assertEquals(
        Set.of(
            "Role:networkpolicies:create",
            "Role:networkpolicies:update",
            "Role:networkpolicies:delete"),
        writes);
    assertTrue(
        docs().stream()
            .filter(d -> d.path("kind").asText().equals("Role"))
            .map(d -> d.path("metadata").path("namespace").asText())
            .toList()
            .containsAll(
                List.of("voting-data", "voting-consumer", "voting-api", "voting-frontend")));
  }
}
