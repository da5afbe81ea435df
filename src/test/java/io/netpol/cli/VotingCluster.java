package io.netpol.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The voting app's cluster on fabric8's mock API server: its namespaces and pods, and a policy
 * someone else owns that every rollout command must leave exactly as it is.
 */
public final class VotingCluster {
  /** Calico's staged policies, served by the mock by path. */
  static final ResourceDefinitionContext STAGED =
      new ResourceDefinitionContext.Builder()
          .withGroup("projectcalico.org")
          .withVersion("v3")
          .withKind("StagedKubernetesNetworkPolicy")
          .withPlural("stagedkubernetesnetworkpolicies")
          .withNamespaced(true)
          .build();

  private VotingCluster() {}

  /**
   * A client for the same server that waits long enough for a machine under heavy load (the
   * defaults give up on a connection after 10 s).
   */
  static KubernetesClient patient(KubernetesClient client) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                .withConnectionTimeout(120_000)
                .withRequestTimeout(120_000)
                .build())
        .build();
  }

  /** Empties the cluster of policies and pods, then seeds it. */
  public static void seed(KubernetesClient client) {
    client.network().v1().networkPolicies().inAnyNamespace().delete();
    client.genericKubernetesResources(STAGED).inAnyNamespace().delete();
    client.pods().inAnyNamespace().delete();
    for (String ns :
        new String[] {
          "voting-data",
          "voting-consumer",
          "voting-api",
          "voting-frontend",
          "kube-system",
          "ingress-nginx"
        }) {
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
    pod(
        client,
        "voting-data",
        "redis-0",
        Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        client,
        "voting-data",
        "postgres-0",
        Map.of("app.kubernetes.io/name", "postgresql", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        client,
        "voting-api",
        "api-5b8c7d9f6c-m4n8r",
        Map.of("app.kubernetes.io/name", "api", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        client,
        "voting-frontend",
        "frontend-7d9f8b5c4d-h7x2p",
        Map.of("app.kubernetes.io/name", "frontend", "app.kubernetes.io/part-of", "voting-app"));
    pod(
        client,
        "voting-consumer",
        "consumer-6c5d8f7b9d-k2j7w",
        Map.of("app.kubernetes.io/name", "consumer", "app.kubernetes.io/part-of", "voting-app"));
    pod(client, "kube-system", "coredns-5d78c9869d-8xk2p", Map.of("k8s-app", "kube-dns"));
    // A policy someone else owns: every command must leave it exactly as it is.
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("voting-data")
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("team-allow-monitoring")
                .withNamespace("voting-data")
                .addToLabels("team", "data")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", "monitoring")
                .endNamespaceSelector()
                .endFrom()
                .endIngress()
                .endSpec()
                .build())
        .create();
  }

  private static void pod(
      KubernetesClient client, String ns, String name, Map<String, String> labels) {
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

  /**
   * Every policy in the cluster, NetworkPolicies and staged ones ({@code staged:} before the name):
   * name to its spec, labels and annotations, without the fields the server sets.
   */
  public static Map<String, String> policies(KubernetesClient client) {
    Map<String, String> out = new TreeMap<>();
    for (NetworkPolicy p :
        client.network().v1().networkPolicies().inAnyNamespace().list().getItems()) {
      out.put(
          p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
          p.getSpec() + " " + p.getMetadata().getLabels() + " " + p.getMetadata().getAnnotations());
    }
    for (GenericKubernetesResource p : staged(client)) {
      out.put(
          "staged:" + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
          p.getAdditionalProperties().get("spec")
              + " "
              + p.getMetadata().getLabels()
              + " "
              + p.getMetadata().getAnnotations());
    }
    return out;
  }

  static List<GenericKubernetesResource> staged(KubernetesClient client) {
    return client.genericKubernetesResources(STAGED).inAnyNamespace().list().getItems();
  }
}
