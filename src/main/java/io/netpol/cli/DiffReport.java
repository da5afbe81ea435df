package io.netpol.cli;

import io.netpol.policy.AfterState;
import io.netpol.policy.PolicyDiff;
import io.netpol.policy.Replay;
import java.util.List;

/**
 * What {@code diff} found: the policy changes applying would make (the tool's own added, changed
 * and removed; the others kept), and their impact on the observed traffic.
 */
record DiffReport(List<String> namespaces, PolicyDiff.Result policies, Replay.Impact impact) {

  /** True when applying would block observed traffic or the rollout would refuse a namespace. */
  boolean finding() {
    return !impact.newlyBlocked().isEmpty() || !policies.sameName().isEmpty();
  }

  /** The origin as a JSON value: {@code proposed}, {@code kept-not-owned}, {@code untouched}. */
  static String originJson(AfterState.Origin origin) {
    return origin == null
        ? null
        : origin.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
