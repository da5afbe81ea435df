package io.netpol.ingest;

/**
 * What decoding one record gave: its connections went to the sink ({@link Outcome#STORED}), it is
 * valid but carries none ({@link Outcome#SKIPPED}, the reason is counted), or it cannot be read
 * ({@link Outcome#MALFORMED}, the reason is reported with the record's place).
 */
record DecodeResult(Outcome outcome, String reason) {

  enum Outcome {
    STORED,
    SKIPPED,
    MALFORMED,
    /**
     * Only between {@link HubbleFlows} and {@link RecordDecoder}: the record was read without its
     * labels and names an endpoint not seen before, so it is read again with them.
     */
    NEEDS_LABELS
  }

  static final DecodeResult STORED = new DecodeResult(Outcome.STORED, null);
  static final DecodeResult NEEDS_LABELS = new DecodeResult(Outcome.NEEDS_LABELS, null);

  static DecodeResult skipped(String reason) {
    return new DecodeResult(Outcome.SKIPPED, reason);
  }

  static DecodeResult malformed(String reason) {
    return new DecodeResult(Outcome.MALFORMED, reason);
  }

  boolean stored() {
    return outcome == Outcome.STORED;
  }

  boolean malformed() {
    return outcome == Outcome.MALFORMED;
  }
}
