package io.netpol.cli;

import java.util.Locale;

/** Every output format a command can print with {@code -o}; each command accepts some of them. */
public enum Format {
  TABLE,
  TEXT,
  JSON,
  YAML,
  MARKDOWN,
  /** A self-contained HTML page. */
  HTML,
  /** A runnable shell script. */
  SCRIPT;

  /** The name on the command line: lower case. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return cliName();
  }
}
