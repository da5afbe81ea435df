package io.netpol.flow;

import java.util.Objects;

/**
 * The identity of a pod workload: its namespace and the name of the controller that owns its pods
 * (Deployment, StatefulSet, DaemonSet, CronJob, Job, ...). Edges, label sets and policies are keyed
 * on it; {@link #storeKey()} is the form the store keeps ({@code pod:<namespace>/<workload>}).
 */
public record WorkloadKey(String namespace, String workload) implements Comparable<WorkloadKey> {

  private static final String PREFIX = "pod:";

  public WorkloadKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(workload, "workload");
  }

  /** The key the store and {@link Endpoint#key()} use: {@code pod:<namespace>/<workload>}. */
  public String storeKey() {
    return PREFIX + namespace + "/" + workload;
  }

  /** Parses {@link #storeKey()}; null for any other endpoint key. */
  public static WorkloadKey fromStoreKey(String key) {
    if (key == null || !key.startsWith(PREFIX)) {
      return null;
    }
    int slash = key.indexOf('/', PREFIX.length());
    if (slash < 0) {
      return null;
    }
    return new WorkloadKey(key.substring(PREFIX.length(), slash), key.substring(slash + 1));
  }

  /** {@code <namespace>/<workload>}, as people write it. */
  @Override
  public String toString() {
    return namespace + "/" + workload;
  }

  @Override
  public int compareTo(WorkloadKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : workload.compareTo(o.workload);
  }

  /**
   * Mixes the two names' hashes: the record's default (31 times the first plus the second) makes
   * {@code team-001/svc-000} and {@code team-000/svc-010} collide, and a large cluster's names are
   * made of such patterns; hash maps of workloads then degrade into trees.
   */
  @Override
  public int hashCode() {
    return namespace.hashCode() * 0x9E3779B9 ^ workload.hashCode();
  }
}
