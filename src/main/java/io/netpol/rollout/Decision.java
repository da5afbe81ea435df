package io.netpol.rollout;

import java.util.List;

/**
 * Whether {@code next} may start a step, and why not.
 *
 * @param step the step to start (null when refused)
 * @param refusals reasons it may not start (overridden ones too, when forced)
 * @param forced the refusals were overridden with --force
 * @param kind what sort of refusal: a state problem or a failed gate
 */
public record Decision(RolloutPlan.Step step, List<String> refusals, boolean forced, Kind kind) {

  /** What kind of answer this is. */
  public enum Kind {
    GO,
    /** Usage or state: wrong namespace, out of order, interrupted step. */
    REFUSED_STATE,
    /** A gate: the previous step is still soaking or failed its gate. */
    REFUSED_GATE
  }

  public boolean go() {
    return kind == Kind.GO;
  }

  static Decision go(RolloutPlan.Step step, List<String> overridden) {
    return new Decision(step, List.copyOf(overridden), !overridden.isEmpty(), Kind.GO);
  }

  static Decision refuse(Kind kind, List<String> reasons) {
    return new Decision(null, List.copyOf(reasons), false, kind);
  }
}
