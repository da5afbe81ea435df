package io.netpol.kafka;

/** Kafka cannot be used as configured; the message names the setting and the fix. */
public final class KafkaSetupException extends RuntimeException {
  public KafkaSetupException(String message) {
    super(message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
