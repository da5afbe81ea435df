package io.netpol.metrics;

import io.netpol.ingest.IngestReport;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/** What a running {@code observe} has read, skipped and stored, read from its report at scrape. */
public final class IngestMetrics {
  private IngestMetrics() {}

  public static void register(PrometheusRegistry registry, IngestReport report) {
    CounterWithCallback.builder()
        .name("netpol_observe_records_read")
        .help("Flow records read (lines, messages) by this observe process")
        .callback(cb -> cb.call(report.records()))
        .register(registry);
    CounterWithCallback.builder()
        .name("netpol_observe_bytes_read")
        .help("Bytes of flow records read by this observe process")
        .callback(cb -> cb.call(report.bytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("netpol_observe_records_skipped")
        .help("Records skipped by this observe process, by reason (malformed, non-flow, ...)")
        .labelNames("reason")
        .callback(
            cb -> {
              for (Map.Entry<String, Long> e : report.skipped().entrySet()) {
                cb.call(e.getValue(), e.getKey());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("netpol_observe_connections_stored")
        .help("Connections this observe process counted into the store")
        .callback(cb -> cb.call(report.connections()))
        .register(registry);
  }
}
