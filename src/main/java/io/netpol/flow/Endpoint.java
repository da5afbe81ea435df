package io.netpol.flow;

import io.netpol.text.DisplayText;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One side of a connection in the normal form.
 *
 * <p>The identity ({@link #key()}) is what edges are aggregated on: namespace and workload for a
 * pod, the address for hosts and world peers. Labels and DNS names are attributes of an
 * observation; the store keeps every label set seen per workload and every DNS name seen per
 * address.
 *
 * <ul>
 *   <li>{@code kind}: what the endpoint is
 *   <li>{@code namespace}: namespace of a pod, service or namespaced network set; null otherwise
 *   <li>{@code workload}: owning workload of a pod (Deployment, StatefulSet, DaemonSet, ... name)
 *   <li>{@code name}: name of a service, network set, host endpoint or network ({@code pub}, {@code
 *       pvt})
 *   <li>{@code labels}: stable pod labels (volatile ones removed), empty for non-pods
 *   <li>{@code ip}: address when known (world, host, network peers; pods when the source reports
 *       it)
 *   <li>{@code dnsNames}: DNS names the flow log attached to the address
 *   <li>{@code ownNode}: true for the node the pod on the other side runs on (kubelet probes); such
 *       a node is identified by its name (or address), kept with its address
 * </ul>
 *
 * <p>Equal endpoints have the same key, labels and DNS names.
 */
public final class Endpoint {
  private final EndpointKind kind;
  private final String namespace;
  private final String workload;
  private final String name;
  private final SortedMap<String, String> labels;
  private final String ip;
  private final SortedSet<String> dnsNames;
  private final boolean ownNode;
  // Edges are keyed on key() for every record read: compute it once.
  private final String key;
  private final int hash;

  public Endpoint(
      EndpointKind kind,
      String namespace,
      String workload,
      String name,
      SortedMap<String, String> labels,
      String ip,
      SortedSet<String> dnsNames,
      boolean ownNode) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.namespace = namespace;
    this.workload = workload;
    this.name = name;
    this.labels =
        labels == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(labels);
    this.ip = ip;
    this.dnsNames =
        dnsNames == null
            ? Collections.emptySortedSet()
            : Collections.unmodifiableSortedSet(dnsNames);
    this.ownNode = ownNode;
    this.key = computeKey();
    this.hash = Objects.hash(key, this.labels, this.dnsNames);
  }

  public EndpointKind kind() {
    return kind;
  }

  public String namespace() {
    return namespace;
  }

  public String workload() {
    return workload;
  }

  public String name() {
    return name;
  }

  public SortedMap<String, String> labels() {
    return labels;
  }

  public String ip() {
    return ip;
  }

  public SortedSet<String> dnsNames() {
    return dnsNames;
  }

  public boolean ownNode() {
    return ownNode;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Endpoint e)) {
      return false;
    }
    // The key covers kind, namespace, workload, name, ip and ownNode.
    return hash == e.hash
        && key.equals(e.key)
        && labels.equals(e.labels)
        && dnsNames.equals(e.dnsNames);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return key
        + (labels.isEmpty() ? "" : " " + labels)
        + (dnsNames.isEmpty() ? "" : " " + dnsNames);
  }

  public static Endpoint pod(String namespace, String workload, Map<String, String> labels) {
    return new Endpoint(
        EndpointKind.POD, namespace, workload, null, new TreeMap<>(labels), null, null, false);
  }

  /**
   * The node a pod runs on, as seen from that pod, when neither its name nor its address is known:
   * Kubernetes always allows this traffic.
   */
  public static Endpoint ownNodeHost() {
    return ownNode(null, null);
  }

  /**
   * The node a pod runs on (kubelet probes, host-network agents on that node), named by the node
   * name when the flow log gives it, else by its address; the address is kept either way.
   */
  public static Endpoint ownNode(String nodeName, String ip) {
    return new Endpoint(EndpointKind.HOST, null, null, nodeName, null, ip, null, true);
  }

  public static Endpoint host(String ip, String name) {
    return new Endpoint(EndpointKind.HOST, null, null, name, null, ip, null, false);
  }

  public static Endpoint apiserver(String ip) {
    return new Endpoint(EndpointKind.APISERVER, null, null, null, null, ip, null, false);
  }

  public static Endpoint world(String ip, Set<String> dnsNames) {
    return new Endpoint(
        EndpointKind.WORLD,
        null,
        null,
        null,
        null,
        ip,
        dnsNames == null ? null : new TreeSet<>(dnsNames),
        false);
  }

  public static Endpoint network(String namespace, String name, String ip) {
    return new Endpoint(EndpointKind.NETWORK, namespace, null, name, null, ip, null, false);
  }

  public static Endpoint service(String namespace, String name) {
    return new Endpoint(EndpointKind.SERVICE, namespace, null, name, null, null, null, false);
  }

  /** The identity edges are aggregated on; stable across runs and versions (it is stored). */
  public String key() {
    return key;
  }

  private String computeKey() {
    switch (kind) {
      case POD:
        return new WorkloadKey(namespace, workload).storeKey();
      case HOST:
        if (ownNode) {
          // One endpoint per node: the node name when known (it is the same whatever address the
          // CNI shows for the node), else the address.
          return "host:own-node" + (name != null ? "/" + name : ip != null ? "@" + ip : "");
        }
        return "host:" + (ip != null ? ip : name);
      case APISERVER:
        return ip == null ? "apiserver" : "apiserver:" + ip;
      case WORLD:
        return "world:" + (ip != null ? ip : "*");
      case NETWORK:
        return "network:"
            + (namespace != null ? namespace + "/" : "")
            + (name != null ? name : "")
            + (ip != null ? "@" + ip : "");
      case SERVICE:
        return "service:" + namespace + "/" + name;
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  /** The workload of a pod; null for every other kind. */
  public WorkloadKey workloadKey() {
    return kind == EndpointKind.POD ? new WorkloadKey(namespace, workload) : null;
  }

  /** Same identity, without the per-observation attributes. */
  public Endpoint identityOnly() {
    if (labels.isEmpty() && dnsNames.isEmpty()) {
      return this;
    }
    return new Endpoint(kind, namespace, workload, name, null, ip, null, ownNode);
  }

  /** A network endpoint that is Calico's private network ({@code pvt}) rather than a named set. */
  public boolean isPrivateNetwork() {
    return kind == EndpointKind.NETWORK
        && (name == null || "pvt".equals(name))
        && namespace == null;
  }

  /**
   * What the endpoint is, as one word for scripts: {@code pod}, {@code own-node}, {@code node},
   * {@code host-endpoint}, {@code kube-apiserver}, {@code internet} (an address unknown), {@code
   * world}, {@code private-network}, {@code network-set}, {@code service}.
   */
  public String peerClass() {
    switch (kind) {
      case POD:
        return "pod";
      case HOST:
        return ownNode ? "own-node" : ip == null && name != null ? "host-endpoint" : "node";
      case APISERVER:
        return "kube-apiserver";
      case WORLD:
        return ip == null ? "internet" : "world";
      case NETWORK:
        return isPrivateNetwork() ? "private-network" : "network-set";
      default:
        return kind.wireName();
    }
  }

  /**
   * Short human form for tables and messages, safe to print: values from flow logs are escaped
   * ({@link DisplayText#escape}).
   */
  public String display() {
    return DisplayText.escape(rawDisplay());
  }

  private String rawDisplay() {
    switch (kind) {
      case POD:
        return namespace + "/" + workload;
      case HOST:
        if (ownNode) {
          return "node " + (name != null ? name + " " : ip != null ? ip + " " : "") + "(own)";
        }
        return ip != null ? "node " + ip : name != null ? "host endpoint " + name : "node";
      case APISERVER:
        return "kube-apiserver" + (ip != null ? " " + ip : "");
      case WORLD:
        return (ip != null ? ip : "internet")
            + (dnsNames.isEmpty() ? "" : " (" + dnsNames.first() + ")");
      case NETWORK:
        return (isPrivateNetwork()
                ? "private network"
                : "network set " + (namespace != null ? namespace + "/" : "") + name)
            + (ip != null ? " " + ip : "");
      case SERVICE:
        return "service " + namespace + "/" + name;
      default:
        return key();
    }
  }
}
