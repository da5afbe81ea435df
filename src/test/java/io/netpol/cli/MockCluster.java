package io.netpol.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * What tests put into fabric8's mock API server: namespaces as a real cluster labels them, pods.
 */
final class MockCluster {
  private MockCluster() {}

  /** A namespace with its immutable {@code kubernetes.io/metadata.name} label. */
  static void namespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/metadata.name", name)
                .endMetadata()
                .build())
        .createOr(n -> n.update());
  }

  /** Several namespaces, each as {@link #namespace} makes it. */
  static void namespaces(KubernetesClient client, String... names) {
    for (String ns : names) {
      namespace(client, ns);
    }
  }

  static void pod(
      KubernetesClient client, String namespace, String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .build())
        .createOr(p -> p.update());
  }
}
