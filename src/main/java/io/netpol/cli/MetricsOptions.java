package io.netpol.cli;

import io.netpol.ingest.IngestReport;
import io.netpol.metrics.IngestMetrics;
import io.netpol.metrics.MetricsEndpoint;
import io.netpol.metrics.StoreMetrics;
import io.netpol.store.Store;
import io.netpol.store.TrafficCounts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** {@code --metrics-port} for long-running commands: Prometheus metrics while they run. */
public final class MetricsOptions {
  /** The line that tells where metrics are served; tests read the port from it. */
  static final String SERVING = "serving Prometheus metrics on http://0.0.0.0:%d/metrics";

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics while running (0: a free port,"
              + " printed on stderr).")
  Integer port;

  boolean enabled() {
    return port != null;
  }

  /** What serving metrics holds open; closing never fails. */
  interface Served extends AutoCloseable {
    @Override
    void close();

    /**
     * Waits until what the metrics say now has been scraped, at most {@code max} or until {@code
     * stop}; whether it was.
     */
    default boolean awaitScrape(Duration max, BooleanSupplier stop) {
      return false;
    }
  }

  /** Nothing to close: metrics are off. */
  static final Served NONE = () -> {};

  /**
   * Serves what observe has read and stored, and the store's connections per namespace (when it
   * writes one: {@code db} is null for the edge emitter, which has none).
   */
  Served serveObserve(Services services, IngestReport report, Path db, PrintWriter err) {
    if (!enabled()) {
      return NONE;
    }
    PrometheusRegistry registry = new PrometheusRegistry();
    IngestMetrics.register(registry, report);
    Store store = db == null ? null : services.openStore(db);
    if (store != null) {
      StoreMetrics.register(registry, () -> new TrafficCounts(store).read());
    }
    return start(registry, err, store == null ? NONE : store);
  }

  /** Serves {@code registry}; {@code resources} are closed with the endpoint. */
  Served start(PrometheusRegistry registry, PrintWriter err, AutoCloseable... resources) {
    try {
      MetricsEndpoint endpoint = MetricsEndpoint.start(port, registry, resources);
      err.println(String.format("netpol: " + SERVING, endpoint.port()));
      err.flush();
      return new Served() {
        @Override
        public void close() {
          endpoint.close();
        }

        @Override
        public boolean awaitScrape(Duration max, BooleanSupplier stop) {
          return endpoint.awaitScrape(max, stop);
        }
      };
    } catch (UncheckedIOException e) {
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception ignored) {
          // failing already
        }
      }
      throw new NetpolException(
          ExitCode.INVALID_INPUT,
          e.getMessage() + "; pick another --metrics-port (0 takes any free one)",
          e);
    }
  }
}
