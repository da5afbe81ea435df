package io.netpol.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A rollout plan: namespaces in the order their policies go live, each with the time it must soak
 * and the gates it must pass before the next one starts.
 *
 * @param policies the reviewed output of {@code propose} the plan rolls out (may be null)
 */
public record RolloutPlan(String name, String policies, List<Step> steps) {

  /**
   * One namespace of the plan.
   *
   * @param soak how long each phase of the step runs before the next may start: the staged phase
   *     before {@code promote}, the enforced phase before the next namespace
   * @param mode whether the step first applies staged (audit-mode) policies
   * @param limits the gates
   */
  public record Step(int index, String namespace, Duration soak, StepMode mode, GateLimits limits) {

    /** An enforcing step with the strict gates, for tests and simple plans. */
    public static Step enforce(int index, String namespace, Duration soak, long maxDenied) {
      return new Step(
          index, namespace, soak, StepMode.ENFORCE, new GateLimits(maxDenied, null, 0, null));
    }
  }

  public int indexOf(String namespace) {
    for (Step s : steps) {
      if (s.namespace().equals(namespace)) {
        return s.index();
      }
    }
    return -1;
  }

  public Step step(String namespace) {
    int i = indexOf(namespace);
    return i < 0 ? null : steps.get(i);
  }
}
