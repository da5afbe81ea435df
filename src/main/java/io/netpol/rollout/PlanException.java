package io.netpol.rollout;

/** A plan that cannot be used; the message names the file, the field and the fix. */
public final class PlanException extends RuntimeException {
  public PlanException(String message) {
    super(message);
  }
}
