package io.netpol.policy;

import java.util.List;

/**
 * The decision for one side of a connection: egress at the client or ingress at the server.
 *
 * @param direction which side
 * @param status how it was decided; {@link #allowed()} follows from it
 * @param isolatedBy the policies that select the pod for this direction (empty when not isolated)
 * @param allowedBy every rule that allows the connection, when status is ALLOWED_BY_POLICY
 * @param mismatches when DENIED, why each rule of each isolating policy did not match
 */
public record SideVerdict(
    Direction direction,
    SideStatus status,
    List<PolicyRef> isolatedBy,
    List<RuleRef> allowedBy,
    List<Mismatch> mismatches) {

  public SideVerdict {
    isolatedBy = List.copyOf(isolatedBy);
    allowedBy = List.copyOf(allowedBy);
    mismatches = List.copyOf(mismatches);
  }

  static SideVerdict of(Direction direction, SideStatus status, List<PolicyRef> isolatedBy) {
    return new SideVerdict(direction, status, isolatedBy, List.of(), List.of());
  }

  public boolean allowed() {
    return status.allowed();
  }

  public boolean isolated() {
    return !isolatedBy.isEmpty();
  }
}
