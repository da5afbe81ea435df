package io.netpol.recommend;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * What was observed of one peer class of one workload's direction: its ports, per observed peer (a
 * workload, an address) its ports and evidence, and why the peer is as wide as it is.
 */
final class PeerEvidence {

  /** One observed peer behind the class. */
  static final class Observed {
    final WorkloadKey workload;
    final String address;

    /** Sorted; one port usually. */
    final List<ProposedPort> ports = new ArrayList<>(1);

    final Evidence evidence = new Evidence();

    Observed(WorkloadKey workload, String address) {
      this.workload = workload;
      this.address = address;
    }

    void port(ProposedPort p) {
      int at = Collections.binarySearch(ports, p);
      if (at < 0) {
        ports.add(-at - 1, p);
      }
    }

    ProposedRule.ObservedPeer toPeer(String name) {
      return new ProposedRule.ObservedPeer(
          name, workload, address, List.copyOf(ports), evidence.summary());
    }
  }

  /** Sorted; one port usually. */
  private final List<ProposedPort> ports = new ArrayList<>(1);

  // One observed peer usually (a workload's class is that workload): a map only for more.
  private String firstName;
  private Observed first;
  private SortedMap<String, Observed> more;

  private TreeSet<String> notes;
  boolean ipv4;
  boolean ipv6;
  boolean unknownFamily;

  void add(
      ProposedPort port,
      Endpoint remote,
      String name,
      ObservedConnection c,
      Collection<String> sources,
      Collection<String> dnsNames,
      String note,
      IpNetwork address) {
    int at = Collections.binarySearch(ports, port);
    if (at < 0) {
      ports.add(-at - 1, port);
    }
    Observed o = observed(name, remote, address);
    o.port(port);
    o.evidence.add(c, sources);
    for (String dns : dnsNames) {
      o.evidence.addDnsName(dns);
    }
    if (note != null) {
      if (notes == null) {
        notes = new TreeSet<>();
      }
      notes.add(note);
    }
    if (address == null) {
      unknownFamily = true;
    } else if (address.isIpv4()) {
      ipv4 = true;
    } else {
      ipv6 = true;
    }
  }

  private Observed observed(String name, Endpoint remote, IpNetwork address) {
    if (first == null) {
      firstName = name;
      first = new Observed(remote.workloadKey(), address == null ? null : address.address());
      return first;
    }
    if (firstName.equals(name)) {
      return first;
    }
    if (more == null) {
      more = new TreeMap<>();
      more.put(firstName, first);
    }
    return more.computeIfAbsent(
        name, p -> new Observed(remote.workloadKey(), address == null ? null : address.address()));
  }

  /** Every observed peer by name, in name order. */
  void forEachObserved(BiConsumer<String, Observed> action) {
    if (more != null) {
      more.forEach(action);
    } else if (first != null) {
      action.accept(firstName, first);
    }
  }

  /**
   * How evidence names an observed peer: {@code namespace/workload}, an address (with its first DNS
   * name), {@code internet}, {@code private network}, {@code network set NAME}, {@code host
   * endpoint NAME}, {@code node}, {@code kube-apiserver}.
   */
  static String name(Endpoint remote, IpNetwork address, Collection<String> dnsNames) {
    String dns = dnsNames.isEmpty() ? "" : " (" + dnsNames.iterator().next() + ")";
    switch (remote.kind()) {
      case POD:
        return remote.workloadKey().toString();
      case HOST:
        return address != null
            ? "node " + address.address()
            : remote.name() != null
                ? "host endpoint " + KubernetesNames.shown(remote.name())
                : "node";
      case APISERVER:
        return "kube-apiserver" + (address != null ? " " + address.address() : "");
      case WORLD:
        return address != null ? address.address() + dns : "internet";
      case NETWORK:
        String net =
            remote.name() == null || "pvt".equals(remote.name())
                ? "private network"
                : "network set "
                    + (remote.namespace() == null ? "" : remote.namespace() + "/")
                    + remote.name();
        return net + (address != null ? " " + address.address() : "");
      default:
        return remote.key();
    }
  }

  /** The ports, sorted. */
  List<ProposedPort> portList() {
    return List.copyOf(ports);
  }

  /** Why the class is as wide as it is, sorted. */
  SortedSet<String> notes() {
    return notes == null ? Collections.emptySortedSet() : notes;
  }

  /** All observations in one. */
  Evidence total() {
    Evidence out = new Evidence();
    forEachObserved((name, o) -> out.addAll(o.evidence));
    return out;
  }
}
