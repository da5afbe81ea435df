package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netpol.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
  void a_file_the_parser_cannot_read_is_reported_on_one_line() throws IOException {
    Path file = write("p.yaml", "key: [unclosed\n");
    PolicyInputException e = assertThrows(PolicyInputException.class, () -> PolicyFiles.read(file));
    assertEquals(
        file
            + ": not valid YAML/JSON: while parsing a flow sequence: expected ',' or ']', but got"
            + " <stream end> (line 1)",
        e.getMessage());
  }

  @Test
  void in_a_folder_a_broken_network_policy_still_stops_the_read() throws Exception {
    write(
        "shop/bad.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n");

    PolicyInputException e = assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir));
    assertTrue(e.getMessage().contains("has no metadata.namespace"), e.getMessage());
  }

  @Test
  void a_missing_path_is_named() {
    PolicyInputException e =
        assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir.resolve("nope")));
    assertTrue(e.getMessage().endsWith("nope: no such file or folder"), e.getMessage());
  }

  private static final String OWNED =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: %s\n  namespace: %s\n"
          + "  labels:\n    app.kubernetes.io/managed-by: netpol-recommend\n"
          + "spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n";

  @Test
  void a_proposal_folder_skips_other_yaml_and_policies_the_tool_does_not_own_with_a_note()
      throws IOException {
    write("shop/ours.yaml", String.format(OWNED, "ours", "shop"));
    write("shop/values.yaml", "replicas: 3\n");
    write("shop/broken.yaml", "kind: NetworkPolicy\n  bad: [indent\n");
    write("shop/theirs.yaml", String.format(POLICY, "theirs"));
    write(
        "shop/calico.yaml",
        "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: c\n");

    PolicyFiles.Read<NetworkPolicy> read = PolicyFiles.readProposal(dir);

    assertEquals(
        List.of("ours"), read.policies().stream().map(p -> p.getMetadata().getName()).toList());
    List<String> notes = read.notes();
    assertEquals(4, notes.size(), notes::toString);
    assertTrue(notes.stream().allMatch(n -> n.endsWith("; skipped")), notes::toString);
    assertTrue(notes.get(0).contains("broken.yaml: not valid YAML/JSON"), notes::toString);
    assertTrue(notes.get(1).contains("calico.yaml document 1: apiVersion"), notes::toString);
    assertTrue(
        notes.get(2).contains("theirs.yaml document 1: NetworkPolicy shop/theirs is not labelled"),
        notes::toString);
    assertTrue(notes.get(3).contains("values.yaml document 1: no kind"), notes::toString);
  }

  @Test
  void a_policy_the_tool_owns_that_is_not_valid_still_stops_a_proposal_read() throws IOException {
    write(
        "p.yaml",
        String.format(OWNED, "bad", "shop").replace("policyTypes: [Ingress]", "policyTypes: [In]"));
    PolicyInputException e =
        assertThrows(PolicyInputException.class, () -> PolicyFiles.readProposal(dir));
    assertTrue(e.getMessage().contains("spec.policyTypes[0]"), e.getMessage());
  }

  @Test
  void given_namespaces_files_that_do_not_name_them_are_not_even_parsed() throws IOException {
    write("shop/a.yaml", String.format(POLICY, "a"));
    write("other/b.yaml", "metadata:\n  namespace: other\n  bad: [indent\n");

    assertEquals(1, PolicyFiles.read(dir, java.util.Set.of("shop")).size());
    assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir));
    // A file that could spell the name with an escape sequence is parsed.
    write("other/c.yaml", "metadata: {namespace: \"sh\\x6fp\"}\n  bad: [indent\n");
    assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir, java.util.Set.of("shop")));
  }

  @Test
  void the_first_bad_file_in_path_order_is_the_one_reported_whatever_thread_read_it()
      throws IOException {
    for (int i = 0; i < 40; i++) {
      write(
          String.format("f%02d.yaml", i),
          i % 7 == 3 ? "kind: [\n" : String.format(POLICY, "p" + i));
    }
    PolicyInputException e = assertThrows(PolicyInputException.class, () -> PolicyFiles.read(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("f03.yaml").toString()), e.getMessage());
  }

  @Test
  void a_policy_read_from_a_file_has_the_spec_text_it_would_have_read_from_a_cluster()
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    int compared = 0;
    for (Path file : files) {
      List<NetworkPolicy> objects;
      try {
        objects = PolicyFiles.read(file);
      } catch (PolicyInputException e) {
        continue; // a bad-input scenario
      }
      List<Policy> compact = PolicyFiles.readCompact(file, PolicyScope.ALL).policies();
      assertEquals(objects.size(), compact.size(), file.toString());
      for (int i = 0; i < objects.size(); i++) {
        // From a cluster, the spec text is written from the fabric8 object.
        assertEquals(Policy.of(objects.get(i)).spec(), compact.get(i).spec(), file.toString());
        compared++;
      }
    }
    assertTrue(compared > 30, "policies compared: " + compared);
  }

  private static final PolicyScope SHOP_OF_SHOP_AND_BILLING =
      new PolicyScope(Set.of("shop"), Set.of("shop", "billing"));

  private List<String> namesRead(PolicyScope scope) {
    return PolicyFiles.readCompact(dir, scope).policies().stream()
        .map(p -> p.ref().name())
        .toList();
  }

  @Test
  void folders_named_after_other_namespaces_are_not_read_when_the_namespace_has_its_own()
      throws IOException {
    write("shop/a.yaml", String.format(POLICY, "a"));
    write("billing/broken.yaml", "# about shop\nkind: [\n");
    write("extra/b.yaml", String.format(POLICY, "b"));

    PolicyFiles.Read<Policy> read = PolicyFiles.readCompact(dir, SHOP_OF_SHOP_AND_BILLING);
    assertEquals(List.of("b", "a"), read.policies().stream().map(p -> p.ref().name()).toList());
    assertTrue(read.notes().isEmpty(), read.notes()::toString);
    // Without the namespaces that exist, folder names mean nothing: billing is read and fails.
    assertThrows(PolicyInputException.class, () -> namesRead(PolicyScope.of(Set.of("shop"))));
  }

  @Test
  void a_folder_holding_another_namespaces_policy_has_every_folder_read_with_a_note()
      throws IOException {
    write("shop/a.yaml", String.format(POLICY, "a"));
    write(
        "shop/c.yaml", String.format(POLICY, "c").replace("namespace: shop", "namespace: billing"));
    write("billing/d.yaml", String.format(POLICY, "d"));

    PolicyFiles.Read<Policy> read = PolicyFiles.readCompact(dir, SHOP_OF_SHOP_AND_BILLING);
    // d is shop's although it sits in billing's folder: found because every folder was read.
    assertEquals(List.of("d", "a"), read.policies().stream().map(p -> p.ref().name()).toList());
    assertEquals(1, read.notes().size(), read.notes()::toString);
    assertTrue(
        read.notes().get(0).contains("a policy of namespace billing in folder shop"),
        read.notes().get(0));
    assertTrue(read.notes().get(0).endsWith("every folder read"), read.notes().get(0));
  }

  @Test
  void a_namespace_without_a_folder_of_its_own_is_looked_for_in_every_folder() throws IOException {
    write("billing/d.yaml", String.format(POLICY, "d"));
    write(
        "billing/e.yaml",
        String.format(POLICY, "e").replace("namespace: shop", "namespace: billing"));

    assertEquals(List.of("d"), namesRead(SHOP_OF_SHOP_AND_BILLING));
  }

  @Test
  void a_linked_folder_is_read_and_a_link_looping_back_is_one_clear_error() throws IOException {
    write("real/shop/a.yaml", String.format(POLICY, "a"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("real"));
    assertEquals(
        List.of("a"),
        PolicyFiles.read(linked).stream().map(p -> p.getMetadata().getName()).toList());

    Files.createSymbolicLink(dir.resolve("real/shop/loop"), dir.resolve("real"));
    PolicyInputException e =
        assertThrows(PolicyInputException.class, () -> PolicyFiles.read(linked));
    assertTrue(
        e.getMessage().contains("cannot list folder: a symbolic link loops back"), e.getMessage());
  }
}
