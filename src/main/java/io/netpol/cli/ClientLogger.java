package io.netpol.cli;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One library logger: {@code LEVEL Class: message} on the stderr of the moment. */
final class ClientLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  /**
   * Loggers whose warnings tell of the machine, not of the work, shown with {@code -v} only: vert.x
   * (fabric8's HTTP client) warns when a busy machine keeps its event loop thread waiting for two
   * seconds, which no user can act on and which the command survives.
   */
  static final java.util.Set<String> MACHINE_WARNINGS =
      java.util.Set.of("io.vertx.core.impl.BlockedThreadChecker");

  private final String shortName;
  private final boolean machineWarnings;

  ClientLogger(String name) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
    this.machineWarnings = MACHINE_WARNINGS.contains(name);
  }

  @Override
  public boolean isTraceEnabled() {
    return ClientLogs.enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return ClientLogs.enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return ClientLogs.enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return ClientLogs.enabled(machineWarnings ? Level.INFO : Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return ClientLogs.enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String text = MessageFormatter.basicArrayFormat(pattern, arguments);
    PrintStream err = System.err;
    synchronized (err) {
      err.println(
          level
              + " "
              + shortName
              + ": "
              + text
              + (throwable != null && !ClientLogs.showsStackTraces()
                  ? " (" + throwable + ")"
                  : ""));
      if (throwable != null && ClientLogs.showsStackTraces()) {
        throwable.printStackTrace(err);
      }
    }
  }
}
