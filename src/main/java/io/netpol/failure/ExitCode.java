package io.netpol.failure;

/** Process exit codes, the same for every command. */
public enum ExitCode {
  OK(0),
  /** A finding: a gate failed, a diff would block traffic. */
  FINDING(1),
  /** Invalid input or usage. */
  INVALID_INPUT(2),
  /** The world is not as expected: missing namespace, lock held, store out of step. */
  UNEXPECTED_STATE(3),
  /** A bug or an unexpected failure. */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
