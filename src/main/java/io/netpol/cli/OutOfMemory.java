package io.netpol.cli;

import io.netpol.failure.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Running out of memory ends with one line on stderr saying what ran out and how to give the JVM
 * more, exit 4, and the stack trace only with {@code -v} or {@code --stacktrace}; wherever it
 * happens: in a command, wrapped in another failure, or on another thread.
 */
final class OutOfMemory {
  /** How to give the JVM more memory, as the launchers in bin/ take it. */
  static final String HOW_TO_GIVE_MORE =
      "give the JVM more, e.g. NETPOL_JAVA_OPTS=-Xmx2g bin/netpol-recommend ...,"
          + " or java -Xmx2g -jar netpol-recommend.jar ...";

  private OutOfMemory() {}

  /** The one line: {@code out of memory (Java heap space, limit 512 MiB) running diff; ...}. */
  static String message(OutOfMemoryError e, String command) {
    String what = e.getMessage() == null || e.getMessage().isBlank() ? "memory" : e.getMessage();
    long max = Runtime.getRuntime().maxMemory();
    String limit = max == Long.MAX_VALUE ? "" : ", heap limit " + (max >> 20) + " MiB";
    return "out of memory (" + what + limit + ") running " + command + "; " + HOW_TO_GIVE_MORE;
  }

  /** The OutOfMemoryError behind {@code t}, or {@code null}. */
  static OutOfMemoryError cause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  /** Runs the command with {@code next}, turning an OutOfMemoryError into the one line. */
  static int execute(CommandLine.ParseResult parsed, CommandLine.IExecutionStrategy next)
      throws CommandLine.ExecutionException, CommandLine.ParameterException {
    try {
      return next.execute(parsed);
    } catch (OutOfMemoryError e) {
      CommandLine cl = parsed.commandSpec().commandLine();
      report(e, cl, ErrorHandler.wantsStackTrace(parsed), last(parsed));
      return ExitCode.INTERNAL.code();
    }
  }

  static void report(OutOfMemoryError e, CommandLine cl, boolean stackTrace, String command) {
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().root().name() + ": " + message(e, command));
    if (stackTrace) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** The subcommand that ran, e.g. {@code diff}. */
  static String last(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult r = parsed;
    while (r.subcommand() != null) {
      r = r.subcommand();
    }
    return r.commandSpec().name();
  }

  /**
   * For threads other than the command's (readers, Kafka clients): the same line and exit 4 instead
   * of a stack trace from a thread nobody waits for. Other failures print as the JVM does.
   */
  static void onEveryThread(String program) {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          OutOfMemoryError oom = cause(e);
          if (oom == null) {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace();
            return;
          }
          System.err.println(program + ": " + message(oom, "thread " + thread.getName()));
          System.err.flush();
          Runtime.getRuntime().halt(ExitCode.INTERNAL.code());
        });
  }
}
