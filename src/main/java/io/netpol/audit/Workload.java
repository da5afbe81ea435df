package io.netpol.audit;

import io.netpol.policy.PodPeer;
import java.util.Objects;

/**
 * A workload whose isolation is checked: its namespace and name, and a pod of it as the evaluator
 * sees it (labels, namespace labels).
 */
public record Workload(String namespace, String name, PodPeer pod) {
  public Workload {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pod, "pod");
  }

  /** {@code namespace/name}. */
  public String display() {
    return namespace + "/" + name;
  }
}
