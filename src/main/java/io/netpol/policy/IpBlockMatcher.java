package io.netpol.policy;

import io.netpol.flow.IpAddresses;
import java.util.List;
import java.util.Optional;

/**
 * A peer given by {@code ipBlock}: addresses in {@code cidr} but in none of {@code except}.
 *
 * <p>Kubernetes meant ipBlock for addresses outside the cluster, and plugins differ on whether it
 * matches pod IPs. This evaluator matches a pod when its IP is known and inside the block, and
 * never matches a pod whose IP is unknown (reason {@link MismatchReason#PEER_KIND}). IPv4 addresses
 * never match IPv6 blocks and vice versa.
 */
public record IpBlockMatcher(String field, Cidr cidr, List<Cidr> except) implements PeerMatcher {
  public IpBlockMatcher {
    except = List.copyOf(except);
  }

  /** As {@code mismatch(peer).isEmpty()}, without describing the mismatch. */
  @Override
  public boolean matches(Peer peer) {
    String address = peer instanceof PodPeer pod ? pod.ip() : ((IpPeer) peer).address();
    if (address == null) {
      return false;
    }
    byte[] bytes = IpAddresses.parse(address);
    if (!cidr.contains(bytes)) {
      return false;
    }
    for (Cidr e : except) {
      if (e.contains(bytes)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<Miss> mismatch(Peer peer) {
    String address = peer instanceof PodPeer pod ? pod.ip() : ((IpPeer) peer).address();
    if (address == null) {
      return miss(
          MismatchReason.PEER_KIND,
          "ipBlock " + cidr + " matches IP addresses, but pod " + peer + " has no known IP");
    }
    byte[] bytes = IpAddresses.parse(address);
    if (!cidr.contains(bytes)) {
      return miss(MismatchReason.PEER_IP_NOT_IN_BLOCK, address + " is not in " + cidr);
    }
    return except.stream()
        .filter(e -> e.contains(bytes))
        .findFirst()
        .map(
            e ->
                new Miss(
                    MismatchReason.PEER_IP_IN_EXCEPT,
                    field,
                    address + " is in " + cidr + " but also in except " + e));
  }

  private Optional<Miss> miss(MismatchReason reason, String detail) {
    return Optional.of(new Miss(reason, field, detail));
  }
}
