package io.netpol.cli;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Seeds fabric8's mock API server (CRUD mode) with namespaces and pods as a cluster has them. */
final class MockCluster {
  private MockCluster() {}

  /** Namespaces carrying the name label the API server sets on every namespace. */
  static void namespaces(KubernetesClient client, String... names) {
    for (String ns : names) {
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
  }

  static void pod(KubernetesClient client, String ns, String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }
}
