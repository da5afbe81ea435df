package io.netpol.cli;

import java.io.PrintWriter;

/** With {@code -v}, what each step of a long command did and how long it took, on stderr. */
final class Timings {
  private final PrintWriter err;
  private final boolean enabled;
  private final String command;
  private long last = System.nanoTime();

  Timings(PrintWriter err, boolean enabled, String command) {
    this.err = err;
    this.enabled = enabled;
    this.command = command;
  }

  /** Reports a finished step: {@code diff: read 10,400 proposed policies (2.1 s)}. */
  void done(String what) {
    long now = System.nanoTime();
    if (enabled) {
      err.printf("%s: %s (%.1f s)%n", command, what, (now - last) / 1e9);
      err.flush();
    }
    last = now;
  }
}
