package io.netpol.rollout;

import java.util.Map;

/**
 * What the store has counted so far: per namespace, and every connection of the cluster (the
 * evidence that flows still arrive when a namespace is quiet).
 */
public record ClusterTraffic(Map<String, Traffic> byNamespace, long total) {
  public ClusterTraffic {
    byNamespace = Map.copyOf(byNamespace);
  }

  public Traffic namespace(String namespace) {
    return byNamespace.getOrDefault(namespace, Traffic.NONE);
  }
}
