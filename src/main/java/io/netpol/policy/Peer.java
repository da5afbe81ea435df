package io.netpol.policy;

/**
 * One end of a connection as the evaluator sees it: a pod ({@link PodPeer}) or a bare IP address
 * ({@link IpPeer}), which may be a node's own address.
 */
public sealed interface Peer permits PodPeer, IpPeer {

  /**
   * A pod in {@code namespace} with {@code labels}; add the rest with the {@code with*} methods.
   */
  static PodPeer pod(String namespace, java.util.Map<String, String> labels) {
    return PodPeer.of(namespace, labels);
  }

  /** An address outside the pod network, e.g. an external service. */
  static IpPeer ip(String address) {
    return new IpPeer(address, null);
  }

  /** The address of node {@code nodeName} itself (host network), as seen by its pods. */
  static IpPeer node(String address, String nodeName) {
    return new IpPeer(address, nodeName);
  }
}
