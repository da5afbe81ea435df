package io.netpol.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serves a registry's metrics over HTTP at {@code /metrics} with the official Prometheus client
 * (text, OpenMetrics and protobuf exposition, as the scraper asks), and its own resources when
 * closed.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final AutoCloseable[] resources;

  private MetricsEndpoint(HTTPServer server, AutoCloseable[] resources) {
    this.server = server;
    this.resources = resources;
  }

  /**
   * Starts serving on {@code port} (0: any free port).
   *
   * @param resources closed with the endpoint (a store connection the metrics read)
   */
  public static MetricsEndpoint start(
      int port, PrometheusRegistry registry, AutoCloseable... resources) {
    try {
      return new MetricsEndpoint(
          HTTPServer.builder().port(port).registry(registry).buildAndStart(), resources);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
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
