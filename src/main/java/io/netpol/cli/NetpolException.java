package io.netpol.cli;

/** An expected failure: one readable message (what, where, what to do) and an exit code. */
public final class NetpolException extends RuntimeException {
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
