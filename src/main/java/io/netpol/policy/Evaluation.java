package io.netpol.policy;

/**
 * The decision for one connection: allowed iff egress is allowed at the client and ingress at the
 * server, with both sides' reasons.
 */
public record Evaluation(
    Connection connection, boolean allowed, SideVerdict egress, SideVerdict ingress) {

  static Evaluation of(Connection connection, SideVerdict egress, SideVerdict ingress) {
    return new Evaluation(connection, egress.allowed() && ingress.allowed(), egress, ingress);
  }

  public SideVerdict side(Direction direction) {
    return direction == Direction.EGRESS ? egress : ingress;
  }
}
