package io.netpol.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;
import picocli.CommandLine;

/**
 * Where the libraries' logs go (the Kafka client, fabric8, sqlite-jdbc all log through SLF4J): one
 * line each on stderr, warnings and errors only unless {@code -v} asks for their INFO lines too.
 * Our own output never goes through here. The level is chosen per command line, at run time: a
 * library's logger may have been created long before (by an earlier run in the same JVM).
 */
public final class ClientLogs implements SLF4JServiceProvider {

  private static volatile Level threshold = Level.WARN;

  private final ILoggerFactory loggers = ClientLogger::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** WARN and ERROR, or with {@code verbose} INFO too. */
  static void verbose(boolean verbose) {
    threshold = verbose ? Level.INFO : Level.WARN;
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

  static boolean enabled(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  static boolean showsStackTraces() {
    return threshold.toInt() <= Level.INFO.toInt();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // nothing to set up: the level is chosen per command line
  }
}
