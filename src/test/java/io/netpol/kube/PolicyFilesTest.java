package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyFilesTest {
  @TempDir Path dir;

  private static final String POLICY =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: %s\n  namespace: shop\n"
          + "spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n";

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void reads_multi_document_files_lists_and_folders_and_passes_over_other_kinds()
      throws IOException {
    write("a/one.yaml", String.format(POLICY, "one") + "---\n" + String.format(POLICY, "two"));
    write(
        "a/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [one.yaml]\n");
    write(
        "b/list.json",
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"networking.k8s.io/v1\","
            + "\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"three\",\"namespace\":\"shop\"},\"spec\":{\"podSelector\":{}}}]}");
    write("b/notes.txt", "not a manifest");
    List<NetworkPolicy> policies = PolicyFiles.read(dir);
    assertEquals(
        List.of("one", "two", "three"),
        policies.stream().map(p -> p.getMetadata().getName()).toList());
  }

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        Arguments.of(
            String.format(POLICY, "ok")
                + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                + "metadata:\n  name: nons\nspec:\n  podSelector: {}\n",
            "document 2: NetworkPolicy nons has no metadata.namespace"),
        Arguments.of(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\n  namespace: shop\n"
                + "spec:\n  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 10.0.0.0/33\n",
            "document 1: shop/bad: spec.ingress[0].from[0].ipBlock.cidr \"10.0.0.0/33\" is not a valid CIDR"),
        Arguments.of(
            "apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: old\n  namespace: shop\n",
            "document 1: apiVersion \"extensions/v1beta1\"; expected networking.k8s.io/v1"),
        Arguments.of("metadata:\n  name: x\n", "document 1: no kind; expected kind: NetworkPolicy"),
        Arguments.of("kind: NetworkPolicy\n  bad: [indent\n", "not valid YAML/JSON"));
  }

  @ParameterizedTest
  @MethodSource("invalidDocuments")
  void an_invalid_document_is_reported_with_its_file_and_document_number(
      String yaml, String expected) throws IOException {
    Path file = write("p.yaml", yaml);
    PolicyInputException e = assertThrows(PolicyInputException.class, () -> PolicyFiles.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void in_a_folder_files_that_are_not_kubernetes_objects_are_skipped_and_named() throws Exception {
    write("shop/one.yaml", String.format(POLICY, "one"));
    Path values = write("shop/values.yaml", "replicas: 3\nowner: shop-team\n");
    Path broken = write("shop/broken.yaml", "key: [unclosed\n");
    write("shop/list.yaml", "- a\n- b\n");

    PolicyFiles.Loaded loaded = PolicyFiles.load(dir);

    assertEquals(
        List.of("one"), loaded.policies().stream().map(p -> p.getMetadata().getName()).toList());
    assertEquals(
        "skipped 3 files that are not Kubernetes objects: "
            + broken
            + " (not valid YAML/JSON), "
            + dir.resolve("shop/list.yaml")
            + " (no apiVersion and kind), "
            + values
            + " (no apiVersion and kind)",
        loaded.note());
    assertThrows(PolicyInputException.class, () -> PolicyFiles.read(values), "named on its own");
  }

  @Test
  void in_a_folder_a_broken_network_policy_still_stops_the_read() throws Exception {
    write(
        "shop/bad.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n");

    PolicyInputException e = assertThrows(PolicyInputException.class, () -> PolicyFiles.load(dir));
    assertTrue(e.getMessage().contains("has no metadata.namespace"), e.getMessage());
  }

  @Test
  void a_missing_path_is_named() {
    PolicyInputException e =
        assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir.resolve("nope")));
    assertTrue(e.getMessage().endsWith("nope: no such file or folder"), e.getMessage());
  }
}
