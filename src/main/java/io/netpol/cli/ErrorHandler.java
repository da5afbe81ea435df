package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kafka.KafkaClients;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr naming the cause and the fix, with the stack trace
 * only when asked for ({@code -v} or {@code --stacktrace}): an expected failure ({@link
 * NetpolException}, whatever layer threw it) exits with its own code; a Kafka client failure says
 * what to check; running out of memory reads as {@link OutOfMemory} says; anything else is an
 * internal error.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    String prefix = commandLine.getCommandSpec().root().name() + ": ";
    OutOfMemoryError oom = OutOfMemory.cause(e);
    if (oom != null) {
      OutOfMemory.report(
          oom, commandLine, wantsStackTrace(parseResult), commandLine.getCommandName());
      return ExitCode.INTERNAL.code();
    }
    ExitCode code;
    String message;
    if (e instanceof NetpolException expected) {
      code = expected.exitCode();
      message = expected.getMessage();
    } else if (e instanceof org.apache.kafka.common.KafkaException) {
      code = ExitCode.UNEXPECTED_STATE;
      message =
          "Kafka: "
              + KafkaClients.safeMessage(e)
              + (e.getCause() != null ? " (" + KafkaClients.safeMessage(e.getCause()) + ")" : "")
              + "; check --kafka-bootstrap, the security options and the topic";
    } else {
      code = ExitCode.INTERNAL;
      message = "internal error: " + e + " (please report it with the output of --stacktrace)";
    }
    err.println(prefix + DisplayText.escape(message));
    if (wantsStackTrace(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }

  static boolean wantsStackTrace(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--stacktrace") || r.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }
}
