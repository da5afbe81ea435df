package io.netpol.ingest;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;

/** {@code --strict} met a bad record; everything before it is stored. */
public final class IngestStoppedException extends NetpolException {
  /** Follows the problem in the message. */
  public static final String STOPPED = " (stopped by --strict; everything before it is stored)";

  private final transient Problem problem;

  IngestStoppedException(Problem problem) {
    super(ExitCode.INVALID_INPUT, problem + STOPPED);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
