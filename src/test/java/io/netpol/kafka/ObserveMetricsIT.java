package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.JavaProcess;
import io.netpol.cli.Main;
import io.netpol.cli.MetricsScrape;
import io.netpol.cli.VotingFlows;
import io.netpol.store.NamespaceCounts;
import io.netpol.store.Store;
import io.netpol.store.TrafficCounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code observe --kafka-bootstrap ... --metrics-port}: a real long-running observe process serves
 * what it read, skipped and stored, and the store's connections per namespace and verdict, to a
 * scraper over HTTP while it consumes.
 */
class ObserveMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  private static KafkaBroker.Message text(String s) {
    return new KafkaBroker.Message(null, s.getBytes(StandardCharsets.UTF_8));
  }

  private static NamespaceCounts votingData(Path db) {
    try (Store store = Store.open(db)) {
      return new TrafficCounts(store).read().byNamespace().get("voting-data");
    }
  }

  @Test
  void a_consuming_observe_serves_records_read_skipped_by_reason_and_connections_per_namespace()
      throws Exception {
    broker.createTopic("metrics", 1);
    List<KafkaBroker.Message> messages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(text(VotingFlows.apiToPostgres(VotingFlows.Kind.ALLOWED, 45000 + i)));
    }
    messages.add(text("{\"flow\": not json"));
    messages.add(text(VotingFlows.apiToPostgres(VotingFlows.Kind.DENIED, 45004)));
    broker.produce("metrics", messages);
    Path db = dir.resolve("netpol.db");

    try (JavaProcess observe =
        JavaProcess.start(
            Main.class,
            List.of(
                "observe",
                "--kafka-bootstrap",
                broker.bootstrap(),
                "--topic",
                "metrics",
                "--db",
                db.toString(),
                "--metrics-port",
                "0"))) {
      int port = observe.metricsPort(WAIT);
      Map<String, Double> m = Map.of();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        m = MetricsScrape.scrape(port);
        // The store's counts show once the batch is committed, a moment after they are counted.
        if (m.getOrDefault("netpol_observe_connections_stored_total", 0.0) >= 5
            && m.containsKey(
                "netpol_store_connections_total{namespace=\"voting-data\",verdict=\"denied\"}")) {
          break;
        }
        Thread.sleep(200);
      }
      assertEquals(6.0, m.get("netpol_observe_records_read_total"), m.toString());
      assertEquals(
          1.0, m.get("netpol_observe_records_skipped_total{reason=\"malformed\"}"), m.toString());
      assertEquals(5.0, m.get("netpol_observe_connections_stored_total"), m.toString());
      assertTrue(m.get("netpol_observe_bytes_read_total") > 0, m.toString());
      assertEquals(
          4.0,
          m.get("netpol_store_connections_total{namespace=\"voting-data\",verdict=\"allowed\"}"),
          m.toString()
              + " test sees "
              + votingData(db)
              + " raw: "
              + MetricsScrape.get(port, "text/plain"));
      assertEquals(
          1.0,
          m.get("netpol_store_connections_total{namespace=\"voting-data\",verdict=\"denied\"}"),
          m.toString());
      assertEquals(
          0.0,
          m.get("netpol_store_connections_total{namespace=\"voting-api\",verdict=\"audit\"}"),
          m.toString());
      Map<String, String> types =
          MetricsScrape.strictText(
              MetricsScrape.get(port, "text/plain; version=0.0.4; charset=utf-8"));
      assertEquals("counter", types.get("netpol_observe_records_read_total"), types.toString());
      assertEquals("counter", types.get("netpol_store_connections_total"), types.toString());

      observe.terminate();
      observe.awaitExit(WAIT);
    }
    NamespaceCounts stored = votingData(db);
    assertEquals(5, stored.total(), "the metrics said what the store holds");
    assertEquals(1, stored.denied());
  }
}
