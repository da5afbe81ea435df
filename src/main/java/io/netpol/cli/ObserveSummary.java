package io.netpol.cli;

import io.netpol.ingest.IngestReport;
import io.netpol.ingest.PriorRead;
import io.netpol.ingest.Problem;
import io.netpol.text.DisplayText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The summary {@code observe} prints on stderr after every run. */
final class ObserveSummary {
  /** The most heap the JVM's heap pools have held at once during this process. */
  static long peakHeap() {
    long sum = 0;
    for (java.lang.management.MemoryPoolMXBean pool :
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static final String LABELS_CUT =
      "  labels cut on %,d endpoints: %,d beyond the first %,d of an endpoint, %,d longer than %,d"
          + " characters (--max-labels, --max-label-length)";

  /** Problems printed one per line; the rest are counted. */
  static final int PROBLEMS_SHOWN = 20;

  private final IngestReport report;
  private final String from;
  private final String db;
  private final long nanos;
  private final boolean verbose;
  private io.netpol.store.EdgeReader.Totals store;

  ObserveSummary(IngestReport report, Path db, long nanos, boolean verbose) {
    this(report, null, db.toString(), nanos, verbose);
  }

  /**
   * {@code from} describes what was read (a topic), {@code into} where it went (a database, a
   * topic).
   */
  ObserveSummary(IngestReport report, String from, String into, long nanos, boolean verbose) {
    this.from = from;
    this.report = report;
    this.db = into;
    this.nanos = nanos;
    this.verbose = verbose;
  }

  /** Adds what the store holds after the run to the summary. */
  ObserveSummary holding(io.netpol.store.EdgeReader.Totals totals) {
    this.store = totals;
    return this;
  }

  private String inputs() {
    long read = report.inputs() - report.notFlowLogs();
    String text = String.format("%,d input%s", read, read == 1 ? "" : "s");
    if (report.notFlowLogs() > 0) {
      text +=
          String.format(
              " (and %,d file%s skipped: not a flow log)",
              report.notFlowLogs(), report.notFlowLogs() == 1 ? "" : "s");
    }
    return text;
  }

  void print(PrintWriter err) {
    double seconds = nanos / 1e9;
    err.printf(
        "observe: read %,d records (%s) from %s in %.1f s (%,.0f records/s) into %s%n",
        report.records(),
        Sizes.human(report.bytes()),
        from != null ? from : inputs(),
        seconds,
        report.records() / Math.max(seconds, 1e-3),
        db);
    int limit = verbose ? Integer.MAX_VALUE : PROBLEMS_SHOWN;
    List<PriorRead> prior = report.priorReads();
    for (int i = 0; i < prior.size() && i < limit; i++) {
      err.println("  " + prior.get(i).input() + ": " + prior.get(i).describe());
    }
    if (prior.size() > limit) {
      err.printf(
          "  ... and %,d more inputs holding what was read before (-v lists them)%n",
          prior.size() - limit);
    }
    err.printf(
        "  connections stored: %,d (each counted once across observation points and reporters)%n",
        report.connections());
    if (store != null) {
      err.printf(
          "  the store holds %,d connection%s on %,d edge%s (client, server, port, protocol, verdict)%n",
          store.connections(),
          store.connections() == 1 ? "" : "s",
          store.edges(),
          store.edges() == 1 ? "" : "s");
    }
    if (report.endpointsWithLabelsCut() > 0) {
      err.printf(
          LABELS_CUT + "%n",
          report.endpointsWithLabelsCut(),
          report.labelsBeyondLimit(),
          report.labelLimits().perEndpoint(),
          report.labelsTooLong(),
          report.labelLimits().length());
    }
    if (report.skippedTotal() > 0) {
      StringBuilder reasons = new StringBuilder();
      for (Map.Entry<String, Long> e : report.skipped().entrySet()) {
        reasons
            .append(reasons.length() == 0 ? "" : ", ")
            .append(e.getKey())
            .append(": ")
            .append(String.format("%,d", e.getValue()));
      }
      err.printf(
          "  skipped: %,d (%s)%n", report.skippedTotal(), DisplayText.escape(reasons.toString()));
    }
    int shown = 0;
    for (Problem p : report.problems()) {
      if (shown++ < limit) {
        err.println("  " + DisplayText.escape(p.toString()));
      }
    }
    long hidden = Math.max(0, report.problems().size() - limit) + report.problemsNotShown();
    if (hidden > 0) {
      err.printf("  ... and %,d more problems (-v shows them all)%n", hidden);
    }
    if (verbose && report.commits() > 0) {
      err.printf(
          "  written in %,d transaction%s taking %.1f s (%.1f s of CPU)%n",
          report.commits(),
          report.commits() == 1 ? "" : "s",
          report.commitNanos() / 1e9,
          report.commitCpuNanos() / 1e9);
    }
    if (verbose) {
      err.printf(
          "  peak heap: %s of %s max%n",
          Sizes.human(peakHeap()), Sizes.human(Runtime.getRuntime().maxMemory()));
    }
    for (Problem p : report.failedInputs()) {
      err.println("observe: " + DisplayText.escape(p.toString()));
    }
    err.flush();
  }
}
