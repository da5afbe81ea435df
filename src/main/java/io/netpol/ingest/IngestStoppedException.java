package io.netpol.ingest;

/** {@code --strict} met a bad record; everything before it is stored. */
public final class IngestStoppedException extends RuntimeException {
  private final transient Problem problem;

  IngestStoppedException(Problem problem) {
    super(problem.toString());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
