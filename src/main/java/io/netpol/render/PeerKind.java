package io.netpol.render;

/** What the other side of a rule is, as the CNI-specific formats need to know it. */
public enum PeerKind {
  /** Pods of a workload, by namespace and pod labels. */
  POD,
  /** Every pod of a namespace. */
  NAMESPACE,
  /** A Kubernetes node (host-network pods, kubelet, node-local services), by address. */
  NODE,
  /** The Kubernetes API server, by address. */
  KUBE_APISERVER,
  /** Any internet address (a public endpoint): 0.0.0.0/0 minus private ranges, or ::/0. */
  PUBLIC_INTERNET,
  /** An address outside the cluster, with the DNS names it was observed with, if any. */
  WORLD,
  /** A private network outside the cluster. */
  PRIVATE_NETWORK,
  /** A Calico NetworkSet or GlobalNetworkSet, by name and labels. */
  NETWORK_SET
}
