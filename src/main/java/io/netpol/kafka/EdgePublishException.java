package io.netpol.kafka;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** Edge deltas could not be published; the transaction was aborted, nothing of the batch counts. */
public final class EdgePublishException extends NetpolException {
  public EdgePublishException(String message, Throwable cause) {
    super(ExitCode.UNEXPECTED_STATE, message, cause);
  }
}
