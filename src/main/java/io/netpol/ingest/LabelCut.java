package io.netpol.ingest;

import io.netpol.flow.LabelLimits;

/** What the {@link LabelLimits} left out of one endpoint's labels. */
final class LabelCut {
  int beyondLimit;
  int tooLong;

  boolean any() {
    return beyondLimit > 0 || tooLong > 0;
  }

  void clear() {
    beyondLimit = 0;
    tooLong = 0;
  }

  /**
   * Whether a label of {@code length} characters may join {@code kept} labels already kept under
   * {@code limits}; counts it here when not.
   */
  boolean admits(LabelLimits limits, int kept, int length) {
    if (length > limits.length()) {
      tooLong++;
      return false;
    }
    if (kept >= limits.perEndpoint()) {
      beyondLimit++;
      return false;
    }
    return true;
  }
}
