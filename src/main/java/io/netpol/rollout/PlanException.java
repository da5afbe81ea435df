package io.netpol.rollout;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** A plan that cannot be used; the message names the file, the field and the fix. */
public final class PlanException extends NetpolException {
  public PlanException(String message) {
    super(ExitCode.INVALID_INPUT, message);
  }
}
