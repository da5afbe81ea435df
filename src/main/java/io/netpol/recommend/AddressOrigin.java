package io.netpol.recommend;

/** Where the address of an address peer ({@link ProposedPeer#cidr()}) came from. */
public enum AddressOrigin {
  /** Observed in the flow logs. */
  FLOWS,
  /** Read from the cluster ({@code propose --cluster}): Nodes, EndpointSlices, NetworkSets. */
  CLUSTER,
  /** Given by the user ({@code --peer-cidr NAME=CIDR}). */
  USER,
  /**
   * Unknown: the flow logs carry no address for this peer (Goldmane, Calico's aggregated {@code
   * pub} / {@code pvt}), so the rule allows a broad range on exactly the observed ports rather than
   * break the traffic. {@link ProposedPeer#reason()} says which option narrows it.
   */
  BROAD,
  /** Not an address at all: the internet as a whole ({@link PeerKind#PUBLIC_INTERNET}). */
  INTERNET
}
