package io.netpol.policy;

/** Why one rule of an isolating policy did not allow a connection. */
public enum MismatchReason {
  /** The peer is a pod whose labels do not match the rule's podSelector. */
  PEER_POD_LABELS_MISMATCH,
  /** The peer's namespace labels do not match the rule's namespaceSelector. */
  PEER_NAMESPACE_LABELS_MISMATCH,
  /** A podSelector without namespaceSelector selects only the policy's own namespace. */
  PEER_NAMESPACE_NOT_POLICY_NAMESPACE,
  /** The peer's IP is outside the rule's ipBlock cidr. */
  PEER_IP_NOT_IN_BLOCK,
  /** The peer's IP is inside the ipBlock cidr but also inside one of its except ranges. */
  PEER_IP_IN_EXCEPT,
  /**
   * The rule selects pods and the peer is an IP, or it is an ipBlock and the pod's IP is unknown.
   */
  PEER_KIND,
  /** The connection's port is not the rule's port or port range. */
  PORT_MISMATCH,
  /** The connection's protocol is not the rule's protocol (TCP when the rule names none). */
  PROTOCOL_MISMATCH,
  /** The rule names a port the server pod does not declare for that protocol. */
  NAMED_PORT_UNRESOLVED,
  /** The policy isolates this direction and has no rules for it, so it allows nothing. */
  NO_RULES
}
