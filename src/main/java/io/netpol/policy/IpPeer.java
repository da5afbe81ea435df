package io.netpol.policy;

import io.netpol.flow.IpAddresses;
import java.util.Objects;

/**
 * An IP endpoint that is not a pod: an external address, or a node's host address when {@code
 * nodeName} is set. Traffic between a pod and the node it runs on is always allowed.
 *
 * @param address an IPv4 or IPv6 literal
 * @param nodeName the node this address belongs to, or {@code null} when it is not a node
 */
public record IpPeer(String address, String nodeName) implements Peer {
  public IpPeer {
    Objects.requireNonNull(address, "address");
    if (IpAddresses.parse(address) == null) {
      throw new IllegalArgumentException("\"" + address + "\" is not an IPv4 or IPv6 address");
    }
  }

  /** True when this address is the host address of the node {@code pod} runs on. */
  public boolean isNodeOf(PodPeer pod) {
    return nodeName != null && nodeName.equals(pod.nodeName());
  }

  byte[] bytes() {
    return IpAddresses.parse(address);
  }

  @Override
  public String toString() {
    return nodeName == null ? address : "node " + nodeName + " (" + address + ")";
  }
}
