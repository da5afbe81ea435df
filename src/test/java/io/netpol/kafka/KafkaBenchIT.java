package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a timed test: records/s from Kafka into SQLite, one consumer, in-process broker.
 * {@code ./mvnw -q -o test -Dtest=KafkaBenchIT -Dbench [-Dbench.records=500000]}; the figure is
 * printed to target/surefire-reports/io.netpol.kafka.KafkaBenchIT-output.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = ".*")
class KafkaBenchIT {

  @TempDir Path dir;

  @Test
  void records_per_second_from_kafka_into_sqlite() throws Exception {
    int records = Integer.getInteger("bench.records", 500_000);
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, records);
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic("bench", 4);
      broker.produce(
          "bench", FlowMessages.mixed(hubble, List.of(), FlowMessages.Keying.CONNECTION));
      long messages = KafkaObserveIT.total(broker.endOffsets("bench", 4));
      Path db = dir.resolve("bench.db");
      Store.open(db).close();
      long start = System.nanoTime();
      CompletableFuture<IngestReport> run =
          CompletableFuture.supplyAsync(
              () -> {
                IngestReport report = new IngestReport();
                try (Store store = Store.open(db)) {
                  return new StoreConsumer(
                          new KafkaClients(broker.settings())
                              .consumer("bench", "bench", 5_000, 1 << 20),
                          "bench",
                          store,
                          () -> FlowRecords.fromStore(store, IngestOptions.defaults(), report),
                          report,
                          IngestOptions.defaults().batchRecords(),
                          Duration.ofSeconds(2))
                      .run();
                }
              });
      while (!run.isDone()
          && KafkaObserveIT.total(KafkaObserveIT.storedOffsets(db, "bench")) < messages) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      IngestReport report = run.get(60, TimeUnit.SECONDS);
      assertEquals(records, report.records());
      System.out.printf(
          "BENCH kafka→sqlite: %,d records (%,d messages, mixed shapes, 4 partitions) committed in %.1f s = %,.0f records/s;"
              + " java %s, %d cores%n",
          records,
          messages,
          seconds,
          records / seconds,
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors());
    }
  }
}
