package io.netpol.rollout;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/**
 * The rollout cannot do what was asked in its current state; the message says why and what to do.
 */
public final class RolloutStateException extends NetpolException {
  public RolloutStateException(String message) {
    super(ExitCode.UNEXPECTED_STATE, message);
  }
}
