package io.netpol.kube;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** A Kubernetes API call failed; the message says which and what to do. */
public final class ClusterException extends NetpolException {
  public ClusterException(String message, Throwable cause) {
    super(ExitCode.UNEXPECTED_STATE, message, cause);
  }
}
