package io.netpol.cli;

import picocli.CommandLine.Option;

/** Diagnostics options shared by every command. */
public final class LoggingOptions {
  @Option(
      names = {"-v", "--verbose"},
      description = "Explain more on stderr, including stack traces of failures.")
  boolean verbose;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;
}
