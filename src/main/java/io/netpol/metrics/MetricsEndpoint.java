package io.netpol.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Serves a registry's metrics over HTTP at {@code /metrics} with the official Prometheus client
 * (text, OpenMetrics and protobuf exposition, as the scraper asks), and its own resources when
 * closed.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final ScrapeTracker scrapes;
  private final AutoCloseable[] resources;

  private MetricsEndpoint(HTTPServer server, ScrapeTracker scrapes, AutoCloseable[] resources) {
    this.server = server;
    this.scrapes = scrapes;
    this.resources = resources;
  }

  /**
   * Starts serving on {@code port} (0: any free port).
   *
   * @param resources closed with the endpoint (a store connection the metrics read)
   */
  public static MetricsEndpoint start(
      int port, PrometheusRegistry registry, AutoCloseable... resources) {
    ScrapeTracker scrapes = new ScrapeTracker();
    registry.register(scrapes.collector);
    try {
      return new MetricsEndpoint(
          HTTPServer.builder()
              .port(port)
              .registry(registry)
              .executorService(scrapes.executor())
              .buildAndStart(),
          scrapes,
          resources);
    } catch (IOException e) {
      registry.unregister(scrapes.collector);
      throw new UncheckedIOException(
          "cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /**
   * Waits until a scrape that began after this call has been answered (what the metrics say now has
   * reached the scraper), at most {@code max} or until {@code stop} is true.
   *
   * @return whether it was scraped
   */
  public boolean awaitScrape(Duration max, BooleanSupplier stop) {
    return scrapes.awaitScrape(max, stop);
  }

  @Override
  public void close() {
    server.close();
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // closing on the way out; nothing left to do with it
      }
    }
  }
}
