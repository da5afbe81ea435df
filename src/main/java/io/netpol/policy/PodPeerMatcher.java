package io.netpol.policy;

import java.util.Optional;

/**
 * A peer given by {@code podSelector} and/or {@code namespaceSelector}; both present means both
 * must hold.
 *
 * @param field path of the peer in its policy
 * @param policyNamespace the namespace of the policy, which a podSelector alone is confined to
 * @param namespaceSelector the namespaceSelector, or {@code null} when the peer has none
 * @param podSelector the podSelector; {@code {}} when the peer has none
 */
public record PodPeerMatcher(
    String field,
    String policyNamespace,
    LabelSelectorMatcher namespaceSelector,
    LabelSelectorMatcher podSelector)
    implements PeerMatcher {

  /** As {@code mismatch(peer).isEmpty()}, without describing the mismatch. */
  @Override
  public boolean matches(Peer peer) {
    if (!(peer instanceof PodPeer pod)) {
      return false;
    }
    boolean namespaceMatches =
        namespaceSelector == null
            ? pod.namespace().equals(policyNamespace)
            : namespaceSelector.matches(pod.namespaceLabels());
    return namespaceMatches && podSelector.matches(pod.labels());
  }

  @Override
  public Optional<Miss> mismatch(Peer peer) {
    if (!(peer instanceof PodPeer pod)) {
      return miss(MismatchReason.PEER_KIND, "selects pods, but the peer is the address " + peer);
    }
    if (namespaceSelector == null && !pod.namespace().equals(policyNamespace)) {
      return miss(
          MismatchReason.PEER_NAMESPACE_NOT_POLICY_NAMESPACE,
          "a podSelector without namespaceSelector selects only pods in namespace "
              + policyNamespace
              + ", but the peer is in namespace "
              + pod.namespace());
    }
    if (namespaceSelector != null) {
      Optional<String> why = namespaceSelector.mismatch(pod.namespaceLabels());
      if (why.isPresent()) {
        return miss(
            MismatchReason.PEER_NAMESPACE_LABELS_MISMATCH,
            "namespace "
                + pod.namespace()
                + " does not match namespaceSelector "
                + namespaceSelector
                + ": "
                + why.get());
      }
    }
    return podSelector
        .mismatch(pod.labels())
        .map(
            why ->
                new Miss(
                    MismatchReason.PEER_POD_LABELS_MISMATCH,
                    field,
                    "pod " + pod + " does not match podSelector " + podSelector + ": " + why));
  }

  private Optional<Miss> miss(MismatchReason reason, String detail) {
    return Optional.of(new Miss(reason, field, detail));
  }
}
