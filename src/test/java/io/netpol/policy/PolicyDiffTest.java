package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {

  private static NetworkPolicy ingressFrom(String name, String app, int port) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .addToAnnotations("evidence", "run " + port)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels("app", "db")
        .endPodSelector()
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .addToMatchLabels("app", app)
        .endPodSelector()
        .endFrom()
        .addNewPort()
        .withNewPort(port)
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  @Test
  void added_removed_and_changed_policies_are_told_apart_field_by_field() {
    List<NetworkPolicy> before =
        List.of(ingressFrom("db-ingress", "api", 5432), ingressFrom("old", "api", 1));
    List<NetworkPolicy> after =
        List.of(ingressFrom("db-ingress", "web", 5432), ingressFrom("new", "api", 2));
    PolicyDiff.Result r = PolicyDiff.diff(before, after);
    assertEquals(List.of(new PolicyRef("shop", "new")), r.added());
    assertEquals(List.of(new PolicyRef("shop", "old")), r.removed());
    assertEquals(1, r.changed().size());
    PolicyDiff.FieldChange f = r.changed().get(0).fields().get(0);
    assertEquals("spec.ingress[0].from[0].podSelector.matchLabels.app", f.path());
    assertEquals("\"api\"", f.before());
    assertEquals("\"web\"", f.after());
  }

  @Test
  void evidence_annotations_alone_are_no_change() {
    NetworkPolicy a = ingressFrom("db-ingress", "api", 5432);
    NetworkPolicy b =
        new NetworkPolicyBuilder(a)
            .editMetadata()
            .addToAnnotations("evidence", "another run")
            .endMetadata()
            .build();
    PolicyDiff.Result r = PolicyDiff.diff(List.of(a), List.of(b));
    assertTrue(r.isEmpty());
    assertEquals(List.of(new PolicyRef("shop", "db-ingress")), r.unchanged());
  }
}
