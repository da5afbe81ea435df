package io.netpol.policy;

import java.util.Optional;

/** One compiled entry of a rule's {@code from} or {@code to} list. */
public sealed interface PeerMatcher permits PodPeerMatcher, IpBlockMatcher {

  /** Path of the peer in its policy, e.g. {@code spec.ingress[0].from[1]}. */
  String field();

  default boolean matches(Peer peer) {
    return mismatch(peer).isEmpty();
  }

  /** Why {@code peer} does not match; empty when it does. */
  Optional<Miss> mismatch(Peer peer);
}
