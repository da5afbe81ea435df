package io.netpol.cli;

import io.netpol.ingest.IngestStoppedException;
import io.netpol.kafka.EdgePublishException;
import io.netpol.kafka.KafkaClients;
import io.netpol.kafka.KafkaSetupException;
import io.netpol.kube.ClusterException;
import io.netpol.kube.PolicyInputException;
import io.netpol.rollout.PlanException;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.RolloutStateException;
import io.netpol.store.StoreException;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr naming the cause and the fix, with the stack trace
 * only when asked for ({@code -v} or {@code --stacktrace}); running out of memory reads as {@link
 * OutOfMemory} says.
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
    if (e instanceof NetpolException ne) {
      code = ne.exitCode();
      message = ne.getMessage();
    } else if (e instanceof IngestStoppedException se) {
      code = ExitCode.INVALID_INPUT;
      message = se.problem() + " (stopped by --strict; everything before it is stored)";
    } else if (e instanceof PolicyInputException) {
      code = ExitCode.INVALID_INPUT;
      message = e.getMessage();
    } else if (e instanceof PlanException) {
      code = ExitCode.INVALID_INPUT;
      message = e.getMessage();
    } else if (e instanceof RolloutStateException || e instanceof RolloutService.LockedException) {
      code = ExitCode.UNEXPECTED_STATE;
      message = e.getMessage();
    } else if (e instanceof ClusterException) {
      code = ExitCode.UNEXPECTED_STATE;
      message = e.getMessage();
    } else if (e instanceof KafkaSetupException) {
      code = ExitCode.INVALID_INPUT;
      message = e.getMessage();
    } else if (e instanceof EdgePublishException) {
      code = ExitCode.UNEXPECTED_STATE;
      message = e.getMessage();
    } else if (e instanceof org.apache.kafka.common.KafkaException) {
      code = ExitCode.UNEXPECTED_STATE;
      message =
          "Kafka: "
              + KafkaClients.safeMessage(e)
              + (e.getCause() != null ? " (" + KafkaClients.safeMessage(e.getCause()) + ")" : "")
              + "; check --kafka-bootstrap, the security options and the topic";
    } else if (e instanceof StoreException) {
      code = ExitCode.UNEXPECTED_STATE;
      message = e.getMessage();
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
