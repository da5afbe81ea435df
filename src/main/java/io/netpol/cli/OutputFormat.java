package io.netpol.cli;

/** Output formats of listing commands. */
public enum OutputFormat {
  TABLE,
  JSON
}
