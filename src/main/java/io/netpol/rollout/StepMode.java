package io.netpol.rollout;

import java.util.Locale;

/** How a step applies its namespace's policies. */
public enum StepMode {
  /** NetworkPolicies that enforce at once. */
  ENFORCE,
  /**
   * Calico StagedKubernetesNetworkPolicies that enforce nothing: Calico reports what they would
   * deny, and {@code promote} replaces them with the enforcing NetworkPolicies.
   */
  STAGED;

  /** The name plans and the store use: {@code enforce}, {@code staged}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode of a wire name, or null when the text names none. */
  public static StepMode fromWireName(String text) {
    for (StepMode m : values()) {
      if (m.wireName().equals(text)) {
        return m;
      }
    }
    return null;
  }
}
