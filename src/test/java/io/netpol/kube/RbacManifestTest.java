package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netpol.rollout.PlanReader;
import io.netpol.rollout.PolicyKind;
import io.netpol.rollout.RolloutPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/rbac.yaml grants what netpol-rollout uses and nothing more. */
class RbacManifestTest {

  /** kind:apiGroup/resource:verb for every grant of every Role and ClusterRole. */
  private static Set<String> grants(String kind, String namespace) throws IOException {
    Set<String> out = new TreeSet<>();
    for (JsonNode doc : Manifests.docs("deploy/rbac.yaml")) {
      if (!doc.path("kind").asText().equals(kind)
          || (namespace != null
              && !namespace.equals(doc.path("metadata").path("namespace").asText()))) {
        continue;
      }
      for (JsonNode rule : doc.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              out.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void cluster_wide_the_rollout_only_lists_namespaces_and_policies_and_never_pods()
      throws IOException {
    assertEquals(
        Set.of("/namespaces:list", "networking.k8s.io/networkpolicies:list"),
        grants("ClusterRole", null));
  }

  @Test
  void in_a_plan_namespace_it_lists_pods_and_writes_only_the_kinds_it_rolls_out()
      throws IOException {
    Set<String> expected = new TreeSet<>(Set.of("/pods:list"));
    for (PolicyKind kind : PolicyKind.values()) {
      for (String verb : List.of("list", "create", "update", "delete")) {
        expected.add(kind.group() + "/" + kind.plural() + ":" + verb);
      }
    }
    assertEquals(expected, grants("Role", "voting-data"));
    for (JsonNode doc : Manifests.docs("deploy/rbac.yaml")) {
      for (JsonNode rule : doc.path("rules")) {
        for (JsonNode verb : rule.path("verbs")) {
          assertFalse(
              Set.of("*", "patch", "deletecollection", "escalate", "bind", "impersonate")
                  .contains(verb.asText()),
              doc.toString());
        }
        rule.path("resources").forEach(r -> assertFalse(r.asText().equals("*"), doc.toString()));
      }
    }
  }

  @Test
  void every_namespace_of_the_shipped_plans_has_its_role_and_binding() throws IOException {
    Set<String> roles = new TreeSet<>();
    Set<String> bindings = new TreeSet<>();
    for (JsonNode doc : Manifests.docs("deploy/rbac.yaml")) {
      String ns = doc.path("metadata").path("namespace").asText();
      if (doc.path("kind").asText().equals("Role")) {
        roles.add(ns);
      } else if (doc.path("kind").asText().equals("RoleBinding")) {
        assertEquals("netpol-rollout-writer", doc.path("roleRef").path("name").asText());
        assertEquals("netpol-rollout", doc.path("subjects").get(0).path("name").asText());
        bindings.add(ns);
      }
    }
    try (Stream<Path> plans = Files.list(Path.of("rollout-plans"))) {
      for (Path plan : plans.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (RolloutPlan.Step s : PlanReader.read(plan).steps()) {
          assertTrue(roles.contains(s.namespace()), plan + ": " + s.namespace());
          assertTrue(bindings.contains(s.namespace()), plan + ": " + s.namespace());
        }
      }
    }
  }
}
