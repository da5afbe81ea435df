package io.netpol.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Seeding fabric8's mock API server (CRUD mode) and pointing commands at it. */
public final class MockCluster {
  private MockCluster() {}

  /** Real services whose cluster is {@code server}: each command gets a fresh client. */
  static TestServices services(KubernetesMockServer server) {
    return new TestServices() {
      @Override
      public KubernetesClient kubernetes(KubeOptions options) {
        // The command closes what it is given.
        return server.createClient();
      }
    };
  }

  /** A namespace carrying its {@code kubernetes.io/metadata.name} label, as the API server sets. */
  static void namespace(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("kubernetes.io/metadata.name", ns)
                .endMetadata()
                .build())
        .createOr(r -> r.update());
  }

  /** A pod {@code namespace/name} with {@code labels}. */
  /** Several namespaces, each as {@link #namespace} makes it. */
  static void namespaces(KubernetesClient client, String... names) {
    for (String ns : names) {
      namespace(client, ns);
    }
  }

  /** A pod {@code name} in {@code namespace}. */
  static void pod(
      KubernetesClient client, String namespace, String name, Map<String, String> labels) {
    pod(client, namespace + "/" + name, labels);
  }

  static void pod(KubernetesClient client, String namespacedName, Map<String, String> labels) {
    String[] parts = namespacedName.split("/");
    client
        .pods()
        .inNamespace(parts[0])
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(parts[1])
                .withNamespace(parts[0])
                .withLabels(labels)
                .endMetadata()
                .build())
        .createOr(r -> r.update());
  }

  /** Answers the SelfSubjectReview as an API server does for {@code user}; say how often. */
  public static io.fabric8.mockwebserver.dsl.TimesOnceableOrHttpHeaderable<Void> answerWhoAmI(
      KubernetesMockServer server, String user) {
    return server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .andReturn(
            201,
            new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder()
                .withNewStatus()
                .withNewUserInfo()
                .withUsername(user)
                .withGroups("system:authenticated")
                .endUserInfo()
                .endStatus()
                .build());
  }

  /** Writes a kubeconfig at {@code file} that reaches {@code server}, as a child process needs. */
  public static Path kubeconfig(KubernetesMockServer server, Path file) throws IOException {
    String url;
    try (KubernetesClient client = server.createClient()) {
      url = client.getConfiguration().getMasterUrl();
    }
    Files.writeString(
        file,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
            + url
            + "\n    insecure-skip-tls-verify: true\nusers:\n- name: mock\n  user:\n    token: t\n"
            + "contexts:\n- name: mock\n  context:\n    cluster: mock\n    user: mock\n"
            + "current-context: mock\n");
    return file;
  }

  /** Creates or replaces {@code policy}. */
  static void deploy(KubernetesClient client, NetworkPolicy policy) {
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(policy.getMetadata().getNamespace())
        .resource(policy)
        .createOr(r -> r.update());
  }
}
