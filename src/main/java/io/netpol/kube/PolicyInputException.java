package io.netpol.kube;

/** Policies that cannot be read: the message names the file (and document) and the problem. */
public final class PolicyInputException extends RuntimeException {
  public PolicyInputException(String message) {
    super(message);
  }
}
