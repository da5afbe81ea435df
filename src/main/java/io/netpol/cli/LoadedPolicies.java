package io.netpol.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netpol.kube.ClusterReader;
import io.netpol.kube.PolicyFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policies in force as read from files or a cluster: from a cluster also its namespace labels
 * and live pods.
 *
 * @param description where they come from, or {@code null} when no source was given
 * @param namespaceLabels labels by namespace, or {@code null} when read from files
 * @param pods live pods of every namespace, empty when read from files
 */
record LoadedPolicies(
    String description,
    List<NetworkPolicy> policies,
    Map<String, Map<String, String>> namespaceLabels,
    List<Pod> pods) {

  /** Reads the policies; from a cluster also its namespaces and pods. */
  static LoadedPolicies load(
      java.nio.file.Path path, boolean cluster, Services services, KubeOptions kube) {
    if (!cluster && path == null) {
      return new LoadedPolicies(null, List.of(), null, List.of());
    }
    if (!cluster) {
      return new LoadedPolicies("files " + path, PolicyFiles.read(path), null, List.of());
    }
    try (KubernetesClient client = services.kubernetes(kube)) {
      ClusterReader reader = new ClusterReader(client);
      Map<String, Map<String, String>> namespaces = reader.namespaceLabels();
      List<Pod> pods = new ArrayList<>();
      for (String ns : namespaces.keySet()) {
        pods.addAll(reader.pods(ns));
      }
      String context = kube.context() != null ? " (context " + kube.context() + ")" : "";
      return new LoadedPolicies(
          "cluster " + client.getMasterUrl() + context,
          reader.policies(List.of()),
          namespaces,
          pods);
    }
  }
}
