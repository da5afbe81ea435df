package io.netpol.cli;

/** Output formats of {@code audit}. */
public enum AuditFormat {
  TEXT,
  JSON,
  MARKDOWN
}
