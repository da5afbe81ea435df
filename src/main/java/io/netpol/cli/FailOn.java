package io.netpol.cli;

import io.netpol.audit.Severity;

/** The {@code --fail-on} threshold of {@code audit}. */
public enum FailOn {
  WARNING(Severity.WARNING),
  ERROR(Severity.ERROR),
  NEVER(null);

  private final Severity severity;

  FailOn(Severity severity) {
    this.severity = severity;
  }

  /** The least severity that fails the run, or {@code null} for never. */
  Severity severity() {
    return severity;
  }
}
