package io.netpol.recommend;

/**
 * What the other side of a proposed rule is. A NetworkPolicy can only say "these pods" or "this
 * CIDR"; other policy languages have words for more (Cilium entities and FQDNs, Calico network
 * sets), so every {@link ProposedPeer} keeps its kind and renderers choose their own expression.
 */
public enum PeerKind {
  /**
   * Pods of one or more workloads of one namespace: {@link ProposedPeer#selector()} in {@link
   * ProposedPeer#namespace()}; {@link ProposedPeer#workloads()} lists the workloads it stands for.
   */
  POD,
  /**
   * Every pod of {@link ProposedPeer#namespace()} ({@code --group namespace}): also the workloads
   * deployed there in the future.
   */
  NAMESPACE,
  /**
   * One Kubernetes node address (kubelet, hostNetwork pods, node-local services). A rule lists
   * every node address known, so a rescheduled pod keeps working; Cilium's {@code host} / {@code
   * remote-node} entities say the same.
   */
  NODE,
  /**
   * One address of the Kubernetes API server (the endpoint after DNAT, usually port 6443); Cilium's
   * {@code kube-apiserver} entity. Managed clusters may move these addresses.
   */
  API_SERVER,
  /**
   * The public internet: {@code 0.0.0.0/0} or {@code ::/0} with private, link-local and the
   * cluster's ranges in {@link ProposedPeer#except()}; Cilium's {@code world} entity.
   */
  PUBLIC_INTERNET,
  /**
   * One external address ({@code /32} or {@code /128}, or a wider {@code --world-prefix} network)
   * with the DNS names observed for it in {@link ProposedPeer#dnsNames()} (Cilium: {@code
   * toFQDNs}).
   */
  WORLD,
  /**
   * A private network (RFC 1918, RFC 6598, IPv6 ULA) for which the flow logs carry no finer address
   * (Calico's {@code pvt}), or a range the user named with {@code --peer-cidr}.
   */
  PRIVATE_NETWORK,
  /**
   * A Calico NetworkSet ({@link ProposedPeer#namespace()} set) or GlobalNetworkSet (namespace null)
   * named {@link ProposedPeer#name()}; {@link ProposedPeer#cidr()} is one of its nets, or a broad
   * range when its nets are unknown ({@link ProposedPeer#origin()} {@code BROAD}). A Calico
   * renderer can select the set by name, which is exact without addresses.
   */
  NETWORK_SET
}
