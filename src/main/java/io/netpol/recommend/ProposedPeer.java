package io.netpol.recommend;

import io.netpol.flow.WorkloadKey;
import java.util.List;

/**
 * One peer of a proposed rule: exactly one entry of the NetworkPolicy rule's {@code from} / {@code
 * to} list, in the same order, with what it stands for.
 *
 * @param kind what the peer is
 * @param namespace {@link PeerKind#POD} and {@link PeerKind#NAMESPACE}: the namespace selected;
 *     {@link PeerKind#NETWORK_SET}: the set's namespace, null for a GlobalNetworkSet; null
 *     otherwise
 * @param selector {@link PeerKind#POD}: the pod selector (in {@code namespace}); null otherwise
 * @param workloads {@link PeerKind#POD}: the workloads the selector stands for (several when they
 *     collapsed into one {@code In} selector); empty otherwise
 * @param cidr the address peers' ipBlock CIDR; null for {@code POD} and {@code NAMESPACE}
 * @param except the ipBlock's {@code except} ranges (public internet, broad ranges)
 * @param name {@link PeerKind#NETWORK_SET}: the set's name; {@link PeerKind#NODE}: the host
 *     endpoint name when the flow logs named one; {@link PeerKind#PRIVATE_NETWORK} and {@link
 *     PeerKind#PUBLIC_INTERNET}: the network name of the flow logs ({@code pvt}, {@code pub}) when
 *     the peer stands for it; null otherwise
 * @param dnsNames {@link PeerKind#WORLD}: DNS names observed for the address
 * @param origin where the address came from; null for {@code POD} and {@code NAMESPACE}
 * @param reason why the peer is wider than one observed address (public clients, broad because the
 *     flow logs carry no address, every node, a whole namespace); null when it is exact
 */
public record ProposedPeer(
    PeerKind kind,
    String namespace,
    Selector selector,
    List<WorkloadKey> workloads,
    String cidr,
    List<String> except,
    String name,
    List<String> dnsNames,
    AddressOrigin origin,
    String reason) {

  public ProposedPeer {
    workloads = workloads == null ? List.of() : List.copyOf(workloads);
    except = except == null ? List.of() : List.copyOf(except);
    dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
  }

  /** Pods of {@code workloads} in {@code namespace}, selected by {@code selector}. */
  public static ProposedPeer pods(
      String namespace, Selector selector, List<WorkloadKey> workloads) {
    return new ProposedPeer(
        PeerKind.POD, namespace, selector, workloads, null, null, null, null, null, null);
  }

  /** Every pod of {@code namespace}. */
  public static ProposedPeer namespace(String namespace, String reason) {
    return new ProposedPeer(
        PeerKind.NAMESPACE, namespace, null, null, null, null, null, null, null, reason);
  }

  /** An address peer. */
  public static ProposedPeer address(
      PeerKind kind,
      String cidr,
      List<String> except,
      AddressOrigin origin,
      String name,
      String namespace,
      List<String> dnsNames,
      String reason) {
    if (kind == PeerKind.POD || kind == PeerKind.NAMESPACE) {
      throw new IllegalArgumentException(kind + " is not an address peer");
    }
    return new ProposedPeer(
        kind, namespace, null, null, cidr, except, name, dnsNames, origin, reason);
  }

  /** Whether NetworkPolicy expresses it as an ipBlock. */
  public boolean isAddress() {
    return cidr != null;
  }

  /** Whether it allows a broad range because the flow logs carry no address. */
  public boolean isBroad() {
    return origin == AddressOrigin.BROAD;
  }
}
