package io.netpol.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;

/** Seeding fabric8's mock API server (CRUD mode) and pointing commands at it. */
final class MockCluster {
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
