package io.netpol.policy;

/**
 * How much evaluation a run did: pod selectors tested and rules tried. Counted so that tests can
 * tell a replay that grows with its connections from one that grows with the whole cluster, without
 * timing anything. Mutable and meant for one run on one thread.
 */
public final class Work {
  private long selectorTests;
  private long ruleTests;

  /** A counter nobody reads, for callers that do not care. */
  static Work ignored() {
    return new Work();
  }

  void selectorTested() {
    selectorTests++;
  }

  void ruleTested() {
    ruleTests++;
  }

  /** Pod selectors of policies tested against a pod. */
  public long selectorTests() {
    return selectorTests;
  }

  /** Rules tried against a connection. */
  public long ruleTests() {
    return ruleTests;
  }

  /** Both counts together. */
  public long total() {
    return selectorTests + ruleTests;
  }

  @Override
  public String toString() {
    return selectorTests + " selector tests, " + ruleTests + " rule tests";
  }
}
