package io.netpol.policy;

/** How one side (egress at the client, ingress at the server) of a connection was decided. */
public enum SideStatus {
  /** This side is not a pod, so NetworkPolicy does not apply to it. */
  NOT_APPLICABLE(true),
  /** No policy selects the pod for this direction, so everything is allowed. */
  NOT_ISOLATED(true),
  /** The pod talks to itself, which is always allowed. */
  ALLOWED_SELF(true),
  /** The other side is the node the pod runs on, which is always allowed. */
  ALLOWED_OWN_NODE(true),
  /** The pod is isolated and at least one rule allows the connection. */
  ALLOWED_BY_POLICY(true),
  /** The pod is isolated and no rule allows the connection. */
  DENIED(false);

  private final boolean allowed;

  SideStatus(boolean allowed) {
    this.allowed = allowed;
  }

  public boolean allowed() {
    return allowed;
  }
}
