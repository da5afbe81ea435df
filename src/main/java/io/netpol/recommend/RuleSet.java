package io.netpol.recommend;

import java.util.SortedMap;
import java.util.TreeMap;

/** The rules of one direction of one workload: per peer, the ports with their evidence. */
final class RuleSet {
  private final SortedMap<RulePeer, SortedMap<ProposedPort, Evidence>> byPeer = new TreeMap<>();

  Evidence evidence(RulePeer peer, ProposedPort port) {
    return byPeer
        .computeIfAbsent(peer, p -> new TreeMap<>())
        .computeIfAbsent(port, p -> new Evidence());
  }

  SortedMap<RulePeer, SortedMap<ProposedPort, Evidence>> byPeer() {
    return byPeer;
  }

  boolean isEmpty() {
    return byPeer.isEmpty();
  }
}
