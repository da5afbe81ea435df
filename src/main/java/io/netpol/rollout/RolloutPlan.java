package io.netpol.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A rollout plan: namespaces in the order their policies go live, each with the time it must soak
 * and the gate it must pass before the next one starts.
 *
 * @param policies the reviewed output of {@code propose} the plan rolls out (may be null)
 */
public record RolloutPlan(String name, String policies, List<Step> steps) {

  /**
   * One namespace of the plan.
   *
   * @param soak how long the step runs before the next may start
   * @param maxDeniedConnections the gate: denied connections touching the namespace since the step
   *     began must stay at or below this
   */
  public record Step(int index, String namespace, Duration soak, long maxDeniedConnections) {}

  public int indexOf(String namespace) {
    for (Step s : steps) {
      if (s.namespace().equals(namespace)) {
        return s.index();
      }
    }
    return -1;
  }
}
