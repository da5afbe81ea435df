package io.netpol.recommend;

import io.netpol.flow.WorkloadKey;
import java.util.Comparator;

/**
 * What the remote side of an observed connection is, as a rule needs it (stage 2's output): rules
 * are grouped per class and port, and each class becomes one or more {@link ProposedPeer}s.
 */
sealed interface PeerClass extends Comparable<PeerClass>
    permits PeerClass.Pods,
        PeerClass.Nodes,
        PeerClass.ApiServer,
        PeerClass.Internet,
        PeerClass.World,
        PeerClass.Private,
        PeerClass.NetworkSet {

  /** Pods first, then nodes, the API server, the internet, addresses, networks. */
  int order();

  /** Compares two classes of the same {@link #order()}. */
  int compareSame(PeerClass o);

  @Override
  default int compareTo(PeerClass o) {
    int c = Integer.compare(order(), o.order());
    return c != 0 ? c : compareSame(o);
  }

  /** Nulls first. */
  Comparator<IpNetwork> ADDRESSES = Comparator.nullsFirst(Comparator.naturalOrder());

  Comparator<String> NAMES = Comparator.nullsFirst(Comparator.naturalOrder());

  /** The pods of one workload. */
  record Pods(WorkloadKey workload) implements PeerClass {
    @Override
    public int order() {
      return 0;
    }

    @Override
    public int compareSame(PeerClass o) {
      return workload.compareTo(((Pods) o).workload);
    }
  }

  /** Every node of the cluster: one seen node means all, for pods move. */
  record Nodes() implements PeerClass {
    @Override
    public int order() {
      return 1;
    }

    @Override
    public int compareSame(PeerClass o) {
      return 0;
    }
  }

  /** The API server's endpoints. */
  record ApiServer() implements PeerClass {
    @Override
    public int order() {
      return 2;
    }

    @Override
    public int compareSame(PeerClass o) {
      return 0;
    }
  }

  /**
   * The internet. {@code broad}: because the flow logs carry no address (Calico's {@code pub}),
   * else because the port serves the public (many public clients).
   */
  record Internet(boolean broad) implements PeerClass {
    @Override
    public int order() {
      return 3;
    }

    @Override
    public int compareSame(PeerClass o) {
      return Boolean.compare(broad, ((Internet) o).broad);
    }
  }

  /** One external address (or the network --world-prefix widens it to). */
  record World(IpNetwork network) implements PeerClass {
    @Override
    public int order() {
      return 4;
    }

    @Override
    public int compareSame(PeerClass o) {
      return ADDRESSES.compare(network, ((World) o).network);
    }
  }

  /**
   * A private network named {@code name} ({@code pvt}); {@code address} is its one observed
   * address, or null when the flow logs carry none.
   */
  record Private(String name, IpNetwork address) implements PeerClass {
    @Override
    public int order() {
      return 5;
    }

    @Override
    public int compareSame(PeerClass o) {
      Private p = (Private) o;
      int c = NAMES.compare(name, p.name);
      return c != 0 ? c : ADDRESSES.compare(address, p.address);
    }
  }

  /**
   * A Calico NetworkSet ({@code namespace} null for a GlobalNetworkSet); {@code address} as for
   * {@link Private}.
   */
  record NetworkSet(String namespace, String name, IpNetwork address) implements PeerClass {
    @Override
    public int order() {
      return 6;
    }

    @Override
    public int compareSame(PeerClass o) {
      NetworkSet s = (NetworkSet) o;
      int c = NAMES.compare(namespace, s.namespace);
      c = c != 0 ? c : NAMES.compare(name, s.name);
      return c != 0 ? c : ADDRESSES.compare(address, s.address);
    }
  }
}
