package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netpol.policy.Ownership;
import io.netpol.rollout.PolicyKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/admission-policy.yaml: a well-formed ValidatingAdmissionPolicy and its binding that cover
 * every kind the rollout writes, for every write, for the rollout's service account only, and check
 * the tool's label on the new and on the old object.
 */
class AdmissionPolicyTest {

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertEquals(1, found.size(), kind);
    JsonNode d = found.get(0);
    assertEquals("admissionregistration.k8s.io/v1", d.path("apiVersion").asText(), kind);
    return d;
  }

  @Test
  void the_policy_covers_every_write_of_every_kind_the_rollout_writes() throws IOException {
    JsonNode policy =
        only(Manifests.docs("deploy/admission-policy.yaml"), "ValidatingAdmissionPolicy");
    assertEquals("Fail", policy.path("spec").path("failurePolicy").asText());
    Set<String> covered = new TreeSet<>();
    for (JsonNode rule : policy.path("spec").path("matchConstraints").path("resourceRules")) {
      Set<String> ops = new TreeSet<>();
      rule.path("operations").forEach(o -> ops.add(o.asText()));
      assertEquals(Set.of("CREATE", "UPDATE", "DELETE"), ops, rule.toString());
      for (JsonNode g : rule.path("apiGroups")) {
        for (JsonNode r : rule.path("resources")) {
          covered.add(g.asText() + "/" + r.asText());
        }
      }
    }
    Set<String> written = new TreeSet<>();
    for (PolicyKind k : PolicyKind.values()) {
      written.add(k.group() + "/" + k.plural());
    }
    assertEquals(written, covered);
  }

  @Test
  void it_applies_to_the_rollout_service_account_of_deploy_rbac_only() throws IOException {
    JsonNode sa =
        Manifests.docs("deploy/rbac.yaml").stream()
            .filter(d -> d.path("kind").asText().equals("ServiceAccount"))
            .findFirst()
            .orElseThrow();
    String user =
        "system:serviceaccount:"
            + sa.path("metadata").path("namespace").asText()
            + ":"
            + sa.path("metadata").path("name").asText();
    JsonNode policy =
        only(Manifests.docs("deploy/admission-policy.yaml"), "ValidatingAdmissionPolicy");
    JsonNode conditions = policy.path("spec").path("matchConditions");
    assertEquals(1, conditions.size());
    assertEquals(
        "request.userInfo.username == '" + user + "'",
        conditions.get(0).path("expression").asText());
  }

  @Test
  void it_checks_the_tools_label_on_what_is_written_and_on_what_was_there() throws IOException {
    JsonNode policy =
        only(Manifests.docs("deploy/admission-policy.yaml"), "ValidatingAdmissionPolicy");
    List<String> expressions = new ArrayList<>();
    for (JsonNode v : policy.path("spec").path("validations")) {
      expressions.add(v.path("expression").asText());
      assertTrue(!v.path("message").asText().isBlank(), v.toString());
    }
    String label = "labels[?'" + Ownership.LABEL + "'].orValue('') == '" + Ownership.OWNER + "'";
    assertEquals(2, expressions.size());
    assertTrue(
        expressions.get(0).startsWith("request.operation == 'DELETE' ||")
            && expressions.get(0).contains("object.metadata." + label),
        expressions.get(0));
    assertTrue(
        expressions.get(1).startsWith("request.operation == 'CREATE' ||")
            && expressions.get(1).contains("oldObject.metadata." + label),
        expressions.get(1));
  }

  @Test
  void the_binding_denies_through_that_policy() throws IOException {
    List<JsonNode> docs = Manifests.docs("deploy/admission-policy.yaml");
    JsonNode policy = only(docs, "ValidatingAdmissionPolicy");
    JsonNode binding = only(docs, "ValidatingAdmissionPolicyBinding");
    assertEquals(
        policy.path("metadata").path("name").asText(),
        binding.path("spec").path("policyName").asText());
    assertEquals("[\"Deny\"]", binding.path("spec").path("validationActions").toString());
  }
}
