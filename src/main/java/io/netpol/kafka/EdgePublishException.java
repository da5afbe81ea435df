package io.netpol.kafka;

/** Edge deltas could not be published; the transaction was aborted, nothing of the batch counts. */
public final class EdgePublishException extends RuntimeException {
  public EdgePublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
