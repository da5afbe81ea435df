package io.netpol.recommend;

import java.util.List;
import java.util.Map;

/**
 * What the cluster itself says about addresses the flow logs may hide ({@code propose --cluster}):
 * node addresses, the API server's endpoints and Calico network sets. Read once at the edge (the
 * {@code kube} package); the recommender only looks at the values.
 *
 * @param nodes every Node, with its {@code status.addresses} (InternalIP, ExternalIP) and {@code
 *     spec.podCIDRs}
 * @param apiServer the endpoints of {@code default/kubernetes} (EndpointSlices): address and port
 * @param networkSets Calico NetworkSets (namespace set) and GlobalNetworkSets (namespace null)
 */
public record ClusterFacts(
    List<Node> nodes, List<ApiServerEndpoint> apiServer, List<NetworkSet> networkSets) {

  /** Nothing known: propose without --cluster. */
  public static final ClusterFacts NONE = new ClusterFacts(List.of(), List.of(), List.of());

  public ClusterFacts {
    nodes = List.copyOf(nodes);
    apiServer = List.copyOf(apiServer);
    networkSets = List.copyOf(networkSets);
  }

  /** Whether anything was read from a cluster. */
  public boolean known() {
    return !nodes.isEmpty() || !apiServer.isEmpty() || !networkSets.isEmpty();
  }

  /**
   * @param addresses IP addresses of the node (InternalIP, ExternalIP), in the order listed
   * @param podCidrs the node's pod ranges ({@code spec.podCIDRs})
   */
  public record Node(String name, List<String> addresses, List<String> podCidrs) {
    public Node {
      addresses = List.copyOf(addresses);
      podCidrs = List.copyOf(podCidrs);
    }
  }

  /** An API server endpoint as the EndpointSlices of {@code default/kubernetes} list it. */
  public record ApiServerEndpoint(String address, int port) {}

  /**
   * @param namespace the NetworkSet's namespace; null for a GlobalNetworkSet
   * @param nets its {@code spec.nets} CIDRs
   * @param labels its labels: what Calico policies select it by
   */
  public record NetworkSet(
      String namespace, String name, List<String> nets, Map<String, String> labels) {
    public NetworkSet {
      nets = List.copyOf(nets);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public NetworkSet(String namespace, String name, List<String> nets) {
      this(namespace, name, nets, Map.of());
    }

    /** How flow logs name it: {@code name} for a global set, {@code namespace/name} otherwise. */
    public String key() {
      return namespace == null ? name : namespace + "/" + name;
    }
  }
}
