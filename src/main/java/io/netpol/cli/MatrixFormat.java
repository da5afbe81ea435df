package io.netpol.cli;

/** Output formats of {@code matrix}. */
public enum MatrixFormat {
  TABLE,
  JSON,
  MARKDOWN,
  SCRIPT
}
