package io.netpol.flow;

/**
 * How many labels of one endpoint, and how long a label, ingestion keeps. Flow logs are untrusted
 * input: a record of 30,000 labels fits in a 1 MiB line, and a few hundred of them would hold
 * gigabytes once parsed, cached and stored. Real pods carry tens of labels, and no Kubernetes label
 * is longer than 317 characters of key and 63 of value, so the defaults cut only what cannot be
 * real.
 *
 * @param perEndpoint labels kept per endpoint (the first ones, in the flow log's order)
 * @param length longest label kept, in characters (as the flow log writes it, {@code
 *     source:key=value} for Hubble, {@code key=value} for Calico); longer ones are dropped
 */
public record LabelLimits(int perEndpoint, int length) {
  public static final int DEFAULT_PER_ENDPOINT = 256;
  public static final int DEFAULT_LENGTH = 512;

  public LabelLimits {
    if (perEndpoint < 1 || length < 1) {
      throw new IllegalArgumentException("label limits must be positive");
    }
  }

  public static LabelLimits defaults() {
    return new LabelLimits(DEFAULT_PER_ENDPOINT, DEFAULT_LENGTH);
  }
}
