package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One conformance case: policies, a connection, the expected verdict and checks on its reasons. Its
 * {@code toString} is the sentence JUnit shows as the test name.
 */
record Case(
    String name,
    List<NetworkPolicy> policies,
    Connection connection,
    boolean allowed,
    List<Consumer<Evaluation>> checks) {

  static Case allowed(String name, Connection connection, NetworkPolicy... policies) {
    return new Case(name, List.of(policies), connection, true, List.of());
  }

  static Case denied(String name, Connection connection, NetworkPolicy... policies) {
    return new Case(name, List.of(policies), connection, false, List.of());
  }

  /** Side {@code direction} was decided as {@code status}. */
  Case status(Direction direction, SideStatus status) {
    return check(v -> assertEquals(status, v.side(direction).status(), direction + " status"));
  }

  /** Rule {@code ruleIndex} of {@code policy} (namespace/name) allowed side {@code direction}. */
  Case allowedBy(Direction direction, String policy, int ruleIndex) {
    return check(
        v ->
            assertTrue(
                v.side(direction).allowedBy().stream()
                    .anyMatch(
                        r -> r.policy().toString().equals(policy) && r.ruleIndex() == ruleIndex),
                () -> direction + " not allowed by " + policy + " rule " + ruleIndex));
  }

  /** Side {@code direction} was denied, with {@code policy} reporting {@code reason}. */
  Case because(Direction direction, String policy, MismatchReason reason) {
    return because(direction, policy, reason, "");
  }

  /** As {@link #because(Direction, String, MismatchReason)}, the detail containing {@code text}. */
  Case because(Direction direction, String policy, MismatchReason reason, String text) {
    return check(
        v -> {
          assertEquals(SideStatus.DENIED, v.side(direction).status(), direction + " status");
          assertTrue(
              v.side(direction).mismatches().stream()
                  .anyMatch(
                      m ->
                          m.policy().toString().equals(policy)
                              && m.reason() == reason
                              && m.detail().contains(text)),
              () -> "no " + reason + " from " + policy + " containing '" + text + "'");
        });
  }

  private Case check(Consumer<Evaluation> check) {
    List<Consumer<Evaluation>> more = new ArrayList<>(checks);
    more.add(check);
    return new Case(name, policies, connection, allowed, more);
  }

  @Override
  public String toString() {
    return name;
  }
}
