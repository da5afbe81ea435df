package io.netpol.kafka;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** Kafka cannot be used as configured; the message names the setting and the fix. */
public final class KafkaSetupException extends NetpolException {
  public KafkaSetupException(String message) {
    super(ExitCode.INVALID_INPUT, message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(ExitCode.INVALID_INPUT, message, cause);
  }
}
