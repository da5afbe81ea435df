package io.netpol.recommend.scenario;

import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario's cluster and traffic in the words of the domain, independent of any flow-log format:
 * the writers ({@link HubbleWriter}, {@link CalicoWriter}, {@link GoldmaneWriter}) say it the way
 * each source would.
 */
public final class Traffic {
  private Traffic() {}

  /** One side of a connection. */
  public sealed interface Peer permits Pod, Node, World, ApiServer, PrivateNet, NetSet {}

  /**
   * A pod.
   *
   * @param owner the controller kind: Deployment, StatefulSet, DaemonSet, Job, CronJob
   * @param run for a CronJob's pod, its Job's scheduled minute; 0 otherwise
   * @param labels every label of the pod, volatile ones included
   */
  public record Pod(
      String namespace,
      String name,
      String workload,
      String owner,
      long run,
      String ip,
      String node,
      Map<String, String> labels)
      implements Peer {

    /** The Job a CronJob's pod belongs to. */
    public String jobName() {
      return run > 0 ? workload + "-" + run : workload;
    }

    /** How Calico aggregates the pod's name (its generateName prefix, then {@code *}). */
    public String aggregatedName() {
      switch (owner) {
        case "Deployment":
          return workload + "-" + labels.get("pod-template-hash") + "-*";
        case "StatefulSet":
          return name;
        case "CronJob":
        case "Job":
          return jobName() + "-*";
        default:
          return workload + "-*";
      }
    }

    /** The same pod rescheduled: another name, address and node. */
    public Pod movedTo(String newName, String newIp, String newNode) {
      return new Pod(namespace, newName, workload, owner, run, newIp, newNode, labels);
    }
  }

  /** A node (the host network: kubelet, hostNetwork pods). */
  public record Node(String name, String ip) implements Peer {}

  /** An address on the internet; {@code ip} null when the source masks it. */
  public record World(String ip, String dnsName) implements Peer {}

  /** The API server, at one of its endpoint addresses. */
  public record ApiServer(String ip) implements Peer {}

  /** A private address outside the cluster (Calico's pvt). */
  public record PrivateNet(String ip) implements Peer {}

  /** A Calico NetworkSet ({@code namespace} null: a GlobalNetworkSet) at one of its addresses. */
  public record NetSet(String namespace, String name, String ip) implements Peer {}

  /** Connections from {@code client} to {@code server}: {@code count} of them. */
  public record Conn(Peer client, Peer server, int port, String protocol, int count) {}

  /** A Deployment's pod: {@code <workload>-<hash>-<suffix>} with its pod-template-hash. */
  public static Pod deployment(
      String ns,
      String workload,
      String hash,
      String suffix,
      String ip,
      String node,
      String... kv) {
    Map<String, String> l = labels(kv);
    l.put("pod-template-hash", hash);
    return new Pod(
        ns, workload + "-" + hash + "-" + suffix, workload, "Deployment", 0, ip, node, l);
  }

  /** A StatefulSet's pod: {@code <workload>-<ordinal>}. */
  public static Pod statefulSet(
      String ns, String workload, int ordinal, String ip, String node, String... kv) {
    Map<String, String> l = labels(kv);
    l.put("controller-revision-hash", workload + "-7b9c8d6f5");
    l.put("statefulset.kubernetes.io/pod-name", workload + "-" + ordinal);
    l.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
    return new Pod(ns, workload + "-" + ordinal, workload, "StatefulSet", 0, ip, node, l);
  }

  /** A DaemonSet's pod: {@code <workload>-<suffix>}. */
  public static Pod daemonSet(
      String ns, String workload, String suffix, String ip, String node, String... kv) {
    Map<String, String> l = labels(kv);
    l.put("controller-revision-hash", "6d5f8c9b7");
    l.put("pod-template-generation", "1");
    return new Pod(ns, workload + "-" + suffix, workload, "DaemonSet", 0, ip, node, l);
  }

  /**
   * A pod of one run of a CronJob: {@code <cronjob>-<run>-<suffix>}, with the Job labels the Job
   * controller stamps on it.
   */
  public static Pod cronJobRun(
      String ns, String cronJob, long run, String suffix, String ip, String node, String... kv) {
    Map<String, String> l = labels(kv);
    String job = cronJob + "-" + run;
    String uid = "0c6f" + Long.toHexString(run) + "-8d2e-4b1a-9f3c-2e7d" + suffix;
    l.put("job-name", job);
    l.put("batch.kubernetes.io/job-name", job);
    l.put("controller-uid", uid);
    l.put("batch.kubernetes.io/controller-uid", uid);
    return new Pod(ns, job + "-" + suffix, cronJob, "CronJob", run, ip, node, l);
  }

  /** Labels from alternating keys and values. */
  public static Map<String, String> labels(String... kv) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }
}
