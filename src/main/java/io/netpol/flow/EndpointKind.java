package io.netpol.flow;

import java.util.Locale;

/** What one side of a connection is, as far as a NetworkPolicy can tell. */
public enum EndpointKind {
  /** A pod, identified by namespace and workload. */
  POD,
  /** A Kubernetes node (kubelet, host-network pods). */
  HOST,
  /** The Kubernetes API server. */
  APISERVER,
  /** An address outside the cluster. */
  WORLD,
  /** A named network: Calico network set, private network, or an unknown in-cluster range. */
  NETWORK,
  /** A Kubernetes Service, when the pods behind it are not known. */
  SERVICE;

  /** The name used in JSON output and in the store. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EndpointKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
