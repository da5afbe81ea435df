package io.netpol.recommend;

import io.netpol.flow.WorkloadKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage 3: the rules of one workload's direction. Peers with the same ports share one rule; several
 * workloads of one namespace in a rule become one {@code In} selector when that stays exact (or,
 * with {@code --group namespace}, the whole namespace when every workload seen there is a peer);
 * other peer classes become their address peers.
 */
final class RuleGrouping {

  static final String WHOLE_NAMESPACE =
      "every workload seen in %s (%d) is a peer: the whole namespace is allowed, which opens the door"
          + " to workloads deployed there later (--group namespace)";

  private static final Comparator<List<ProposedPort>> PORT_LISTS =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  private final Identities ids;
  private final PeerAddresses addresses;
  private final RecommendOptions.Grouping grouping;

  RuleGrouping(Identities ids, PeerAddresses addresses, RecommendOptions.Grouping grouping) {
    this.ids = ids;
    this.addresses = addresses;
    this.grouping = grouping;
  }

  /** The rules, ordered by their ports; peers in class order. */
  List<ProposedRule> rules(SortedMap<PeerClass, PeerEvidence> classes) {
    SortedMap<List<ProposedPort>, List<Map.Entry<PeerClass, PeerEvidence>>> byPorts =
        new TreeMap<>(PORT_LISTS);
    classes
        .entrySet()
        .forEach(
            e -> byPorts.computeIfAbsent(e.getValue().portList(), p -> new ArrayList<>()).add(e));
    List<ProposedRule> out = new ArrayList<>();
    byPorts.forEach((ports, members) -> out.add(rule(ports, members)));
    return out;
  }

  private ProposedRule rule(
      List<ProposedPort> ports, List<Map.Entry<PeerClass, PeerEvidence>> members) {
    Evidence total = new Evidence();
    SortedMap<String, ProposedRule.ObservedPeer> observed = new TreeMap<>();
    Set<String> notes = new LinkedHashSet<>();
    List<ProposedPeer> peers = new ArrayList<>();
    SortedMap<String, List<String>> pods = new TreeMap<>();
    for (Map.Entry<PeerClass, PeerEvidence> m : members) {
      m.getValue()
          .forEachObserved(
              (name, o) -> {
                total.addAll(o.evidence);
                observed.merge(name, o.toPeer(name), RuleGrouping::merge);
              });
      if (m.getKey() instanceof PeerClass.Pods p) {
        pods.computeIfAbsent(p.workload().namespace(), n -> new ArrayList<>())
            .add(p.workload().workload());
      }
    }
    pods.forEach((ns, workloads) -> podPeers(ns, workloads, peers, notes));
    Set<ProposedPeer> seen = new LinkedHashSet<>(peers);
    for (Map.Entry<PeerClass, PeerEvidence> m : members) {
      notes.addAll(m.getValue().notes());
      if (!(m.getKey() instanceof PeerClass.Pods)) {
        for (ProposedPeer p : addresses.peers(m.getKey(), m.getValue())) {
          if (seen.add(p)) {
            peers.add(p);
          }
        }
      }
    }
    peers.stream().map(ProposedPeer::reason).filter(r -> r != null).forEach(notes::add);
    origin(peers, AddressOrigin.CLUSTER, FROM_CLUSTER).ifPresent(notes::add);
    origin(peers, AddressOrigin.USER, FROM_USER).ifPresent(notes::add);
    return new ProposedRule(
        peers, ports, total.summary(), List.copyOf(observed.values()), List.copyOf(notes));
  }

  static final String FROM_CLUSTER = "addresses read from the cluster, not from the flow logs: %s";
  static final String FROM_USER = "addresses given with --peer-cidr: %s";

  private static Optional<String> origin(
      List<ProposedPeer> peers, AddressOrigin origin, String format) {
    List<String> cidrs = null;
    for (ProposedPeer p : peers) {
      if (p.origin() == origin) {
        if (cidrs == null) {
          cidrs = new ArrayList<>();
        }
        cidrs.add(p.cidr());
      }
    }
    if (cidrs == null) {
      return Optional.empty();
    }
    String shown =
        String.join(", ", cidrs.subList(0, Math.min(5, cidrs.size())))
            + (cidrs.size() > 5 ? " and " + (cidrs.size() - 5) + " more" : "");
    return Optional.of(String.format(format, shown));
  }

  /** One observed peer behind two classes of a rule (e.g. the internet, broad and public). */
  private static ProposedRule.ObservedPeer merge(
      ProposedRule.ObservedPeer a, ProposedRule.ObservedPeer b) {
    Evidence e = new Evidence();
    e.add(a.evidence());
    e.add(b.evidence());
    TreeSet<ProposedPort> ports = new TreeSet<>(a.ports());
    ports.addAll(b.ports());
    return new ProposedRule.ObservedPeer(
        a.peer(), a.workload(), a.address(), List.copyOf(ports), e.summary());
  }

  private void podPeers(
      String ns, List<String> workloads, List<ProposedPeer> out, Set<String> notes) {
    if (grouping == RecommendOptions.Grouping.NAMESPACE
        && new TreeSet<>(workloads).containsAll(ids.workloads(ns))) {
      String why = String.format(WHOLE_NAMESPACE, ns, ids.workloads(ns).size());
      out.add(ProposedPeer.namespace(ns, why));
      notes.add(why);
      return;
    }
    Optional<Selector> in = workloads.size() > 1 ? ids.in(ns, workloads) : Optional.empty();
    if (in.isPresent()) {
      out.add(
          ProposedPeer.pods(
              ns, in.get(), workloads.stream().map(w -> new WorkloadKey(ns, w)).toList()));
      return;
    }
    Map<Selector, List<WorkloadKey>> bySelector = new LinkedHashMap<>();
    for (String w : workloads) {
      WorkloadKey key = new WorkloadKey(ns, w);
      bySelector.computeIfAbsent(ids.selector(key), s -> new ArrayList<>()).add(key);
    }
    bySelector.forEach((s, keys) -> out.add(ProposedPeer.pods(ns, s, keys)));
  }
}
