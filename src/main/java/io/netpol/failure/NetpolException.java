package io.netpol.failure;

/**
 * An expected failure: one readable message (what, where, what to do) and the exit code it ends the
 * run with. Every layer throws it, or a type of its own that extends it (a plan that cannot be
 * used, a store that cannot be opened, a Kubernetes call that failed), and the command line's one
 * handler prints the message and exits with the code; anything else is a bug.
 */
public class NetpolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public NetpolException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public NetpolException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
