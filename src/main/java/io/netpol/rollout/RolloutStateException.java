package io.netpol.rollout;

/**
 * The rollout cannot do what was asked in its current state; the message says why and what to do.
 */
public final class RolloutStateException extends RuntimeException {
  public RolloutStateException(String message) {
    super(message);
  }
}
