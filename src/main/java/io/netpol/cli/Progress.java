package io.netpol.cli;

import io.netpol.ingest.ProgressListener;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;

/** A single self-updating progress line on an interactive stderr; silent otherwise. */
final class Progress implements ProgressListener {
  private final PrintWriter err;
  private final boolean enabled;
  private final long started = System.nanoTime();
  private long lastPrint;
  private boolean printed;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  @Override
  public void progress(String input, long records, long bytes) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastPrint < 500_000_000L) {
      return;
    }
    lastPrint = now;
    double seconds = (now - started) / 1e9;
    err.printf(
        "\r  %,d records, %s, %,.0f records/s  %s\u001b[K",
        records, Sizes.human(bytes), records / Math.max(seconds, 1e-9), DisplayText.escape(input));
    err.flush();
    printed = true;
  }

  void done() {
    if (printed) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
