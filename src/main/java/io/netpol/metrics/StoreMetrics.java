package io.netpol.metrics;

import io.netpol.store.NamespaceCounts;
import io.netpol.store.TrafficCounts;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connections in the store per namespace and verdict, read at each scrape: what alerts on denied
 * connections in rolled-out namespaces and on deny rates are written against.
 */
public final class StoreMetrics {
  private StoreMetrics() {}

  /** Registers {@code netpol_store_connections_total{namespace,verdict}}. */
  public static void register(PrometheusRegistry registry, Supplier<TrafficCounts.Totals> counts) {
    CounterWithCallback.builder()
        .name("netpol_store_connections")
        .help(
            "Connections stored with a side in the namespace, by verdict (allowed, audit: a staged"
                + " or audit-mode policy would have denied it, denied); counts only grow")
        .labelNames("namespace", "verdict")
        .callback(
            cb -> {
              for (Map.Entry<String, NamespaceCounts> e : counts.get().byNamespace().entrySet()) {
                NamespaceCounts c = e.getValue();
                cb.call(c.total() - c.denied() - c.audit(), e.getKey(), "allowed");
                cb.call(c.audit(), e.getKey(), "audit");
                cb.call(c.denied(), e.getKey(), "denied");
              }
            })
        .register(registry);
  }
}
