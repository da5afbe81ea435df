package io.netpol.cli;

/** Output formats of {@code report}. */
public enum ReportFormat {
  HTML,
  MARKDOWN
}
