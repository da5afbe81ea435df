package io.netpol.cli;

import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * Where the libraries' logs go. The Kafka client, fabric8 and sqlite-jdbc log through SLF4J, which
 * {@code slf4j-jdk14} hands to {@code java.util.logging}; this sets that up for each command line:
 * one line each on stderr (never stdout, which holds the data), warnings and errors only unless
 * {@code -v} asks for their INFO lines and stack traces too. Our own output never goes through
 * here. The level is chosen per command line, at run time: a library's logger may have been created
 * long before (by an earlier run in the same JVM), and {@code java.util.logging} levels apply to
 * loggers that exist.
 */
final class ClientLogs {

  /**
   * Loggers whose warnings tell of the machine, not of the work, shown with {@code -v} only: vert.x
   * (fabric8's HTTP client) warns when a busy machine keeps its event loop thread waiting for two
   * seconds, which no user can act on and which the command survives.
   */
  static final String MACHINE_WARNINGS = "io.vertx.core.impl.BlockedThreadChecker";

  // Held here: java.util.logging keeps loggers weakly, and a level set on one it dropped is lost.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger MACHINE = Logger.getLogger(MACHINE_WARNINGS);

  private ClientLogs() {}

  /**
   * WARN and ERROR, or with {@code verbose} INFO and stack traces too, on the stderr of the moment.
   */
  static synchronized void verbose(boolean verbose) {
    for (Handler h : ROOT.getHandlers()) {
      ROOT.removeHandler(h);
    }
    Handler stderr = new ConsoleHandler();
    stderr.setFormatter(new OneLine(verbose));
    stderr.setLevel(Level.ALL);
    ROOT.addHandler(stderr);
    ROOT.setLevel(verbose ? Level.INFO : Level.WARNING);
    MACHINE.setLevel(verbose ? null : Level.SEVERE);
  }

  /** Whether {@code -v}/{@code --verbose} was given to the command or any of its parents. */
  static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }

  /** {@code LEVEL Class: message}, in SLF4J's level names, the failure after it. */
  private static final class OneLine extends Formatter {
    private final boolean stackTraces;

    OneLine(boolean stackTraces) {
      this.stackTraces = stackTraces;
    }

    @Override
    public String format(LogRecord r) {
      String name = r.getLoggerName() == null ? "" : r.getLoggerName();
      StringBuilder line =
          new StringBuilder(level(r.getLevel()))
              .append(' ')
              .append(name.substring(name.lastIndexOf('.') + 1))
              .append(": ")
              .append(shown(formatMessage(r)));
      Throwable thrown = r.getThrown();
      if (thrown != null && !stackTraces) {
        line.append(" (").append(DisplayText.escape(thrown.toString())).append(')');
      }
      line.append(System.lineSeparator());
      if (thrown != null && stackTraces) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    /**
     * The message made safe to print ({@link DisplayText}); its own line breaks (the Kafka client
     * prints its settings one per line) continue it on indented lines, which no message can make
     * look like a line of its own.
     */
    private static String shown(String message) {
      if (message == null) {
        return "";
      }
      StringBuilder out = new StringBuilder();
      for (String line : message.split("\\r?\\n", -1)) {
        if (out.length() > 0) {
          out.append(System.lineSeparator()).append("    ");
        }
        out.append(DisplayText.escape(line.replace('\t', ' ')));
      }
      return out.toString();
    }

    private static String level(Level level) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (level.intValue() >= Level.WARNING.intValue()) {
        return "WARN";
      }
      if (level.intValue() >= Level.INFO.intValue()) {
        return "INFO";
      }
      return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
  }
}
