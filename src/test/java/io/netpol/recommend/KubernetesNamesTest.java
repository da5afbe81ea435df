package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../etc",
        "..",
        "a/b",
        "UPPER",
        "-lead",
        "trail-",
        "a.b",
        "x: y",
        "{a: b}",
        "a\nb",
        "",
        "名前",
        "a b",
        "*"
      })
  void hostile_namespaces_are_not_labels(String value) {
    assertFalse(KubernetesNames.isDns1123Label(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"../../etc", "a..b", ".a", "a/b", "x: {y}", "a\u0000b", "|", "&anchor", "!!str"})
  void hostile_workloads_are_not_subdomains(String value) {
    assertFalse(KubernetesNames.isDns1123Subdomain(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"voting-data", "a", "kube-system", "x1"})
  void plain_namespaces_pass(String value) {
    assertTrue(KubernetesNames.isDns1123Label(value));
  }

  @org.junit.jupiter.api.Test
  void ten_kilobyte_values_are_rejected_and_shown_short() {
    String big = "a".repeat(10_240);
    assertFalse(KubernetesNames.isDns1123Label(big));
    assertFalse(KubernetesNames.isDns1123Subdomain(big));
    assertFalse(KubernetesNames.isLabelValue(big));
    assertTrue(KubernetesNames.shown(big).length() < 100);
    assertEquals("\"a\\u000ab\"", KubernetesNames.shown("a\nb"));
  }

  @org.junit.jupiter.api.Test
  void label_keys_and_values_follow_the_api_rules() {
    assertTrue(KubernetesNames.isLabelKey("app.kubernetes.io/name"));
    assertTrue(KubernetesNames.isLabelKey("app"));
    assertFalse(KubernetesNames.isLabelKey("evil/../key"));
    assertFalse(KubernetesNames.isLabelKey("a/b/c"));
    assertTrue(KubernetesNames.isLabelValue(""));
    assertFalse(KubernetesNames.isLabelValue("\"v\""));
  }

  @org.junit.jupiter.api.Test
  void policy_names_stay_within_limits_and_distinct() {
    String a = KubernetesNames.policyName("x".repeat(300), "ingress");
    String b = KubernetesNames.policyName("x".repeat(299) + "y", "ingress");
    assertTrue(a.length() <= KubernetesNames.MAX_POLICY_NAME);
    assertTrue(KubernetesNames.isDns1123Subdomain(a));
    assertFalse(a.equals(b));
    assertEquals("web-ingress", KubernetesNames.policyName("web", "ingress"));
  }

  @org.junit.jupiter.api.Test
  void the_written_out_checks_answer_as_the_rules_regular_expressions() {
    java.util.Random r = new java.util.Random(1123);
    String alphabet = "az09AZ-._/ é";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = 1 + r.nextInt(8);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String v = b.toString();
      assertEquals(
          KubernetesNames.LABEL.matcher(v).matches(), KubernetesNames.isDns1123Label(v), v);
      assertEquals(
          KubernetesNames.SUBDOMAIN.matcher(v).matches(), KubernetesNames.isDns1123Subdomain(v), v);
      assertEquals(
          KubernetesNames.LABEL_NAME.matcher(v).matches(), KubernetesNames.isLabelValue(v), v);
    }
  }
}
