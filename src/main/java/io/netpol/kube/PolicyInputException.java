package io.netpol.kube;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** Policies that cannot be read: the message names the file (and document) and the problem. */
public final class PolicyInputException extends NetpolException {
  public PolicyInputException(String message) {
    super(ExitCode.INVALID_INPUT, message);
  }
}
