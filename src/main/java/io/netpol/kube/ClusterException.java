package io.netpol.kube;

/** A Kubernetes API call failed; the message says which and what to do. */
public final class ClusterException extends RuntimeException {
  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
