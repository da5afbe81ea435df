package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.MessagesAhead;
import io.netpol.simulate.Simulator;
import io.netpol.store.IngestBatch;
import io.netpol.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a timed test: records/s from Kafka into SQLite, in-process broker (on the same
 * processors). {@code ./mvnw -q -o test -Dtest=KafkaBenchIT -Dbench [-Dbench.records=500000]
 * [-Dbench.shape=mixed|collectors] [-Dbench.consumer=launcher|in-process]}: every message shape
 * observe reads, or the messages of the collectors/ shippers (each record as their JSON parser
 * gives it plus their fields); read by bin/netpol-recommend observe in a process of its own, as
 * users run it (needs the packaged jar), or by a consumer in the broker's JVM, which also shows the
 * CPU of each kind of thread. The figure is printed to
 * target/surefire-reports/io.netpol.kafka.KafkaBenchIT-output.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = ".*")
class KafkaBenchIT {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @TempDir Path dir;

  /** {@code target}, noting in {@code at} when it is handed its first record. */
  private static StoreConsumer.Target firstRecordAt(long[] at, StoreConsumer.Target target) {
    return new StoreConsumer.Target() {
      @Override
      public void polled(List<byte[]> values) {
        target.polled(values);
      }

      @Override
      public void accept(ConsumerRecord<byte[], byte[]> record, Supplier<String> location) {
        if (at[0] == 0) {
          at[0] = System.nanoTime();
        }
        target.accept(record, location);
      }

      @Override
      public IngestBatch batch() {
        return target.batch();
      }

      @Override
      public void commit() {
        target.commit();
      }

      @Override
      public boolean writesBehind() {
        return target.writesBehind();
      }

      @Override
      public void written() {
        target.written();
      }

      @Override
      public void close() {
        target.close();
      }
    };
  }

  @Test
  void records_per_second_from_kafka_into_sqlite() throws Exception {
    int records = Integer.getInteger("bench.records", 500_000);
    boolean mixed = !"collectors".equals(System.getProperty("bench.shape", "mixed"));
    boolean inProcess = "in-process".equals(System.getProperty("bench.consumer", "launcher"));
    String shape =
        mixed
            ? "mixed shapes: JSON, Fluent Bit log strings, NDJSON batches, protobuf"
            : "as the collectors/ shippers send them";
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic("bench", 4);
      produce(broker, records, mixed);
      // The records made for the topic are garbage now: collected here, before the clock starts,
      // they cost the broker's process nothing while the consumer reads.
      System.gc();
      long messages = KafkaObserveIT.total(broker.endOffsets("bench", 4));
      Path db = dir.resolve("bench.db");
      Store.open(db).close();
      String what =
          String.format("%,d records (%,d messages, %s, 4 partitions)", records, messages, shape);
      if (inProcess) {
        inProcess(broker, db, records, messages, what);
      } else {
        launcher(broker, db, records, messages, what);
      }
    }
  }

  private static void produce(KafkaBroker broker, int records, boolean mixed) throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, records);
    broker.produce(
        "bench",
        mixed
            ? FlowMessages.mixed(hubble, List.of(), FlowMessages.Keying.CONNECTION)
            : FlowMessages.collectors(hubble));
  }

  /**
   * observe as users run it: bin/netpol-recommend in a process of its own (its heap, its
   * collector), the broker in this one. The clock runs from the launch, and again from the first
   * batch in the store (the JVM started, the group joined), to the last offset stored.
   */
  private void launcher(KafkaBroker broker, Path db, int records, long messages, String what)
      throws Exception {
    Path jar = Path.of("target", "netpol-recommend.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: ./mvnw -q package -DskipTests first");
    }
    Path err = dir.resolve("observe.err");
    String extra = System.getProperty("bench.observe.args", "");
    ProcessBuilder pb =
        broker
            .launcherObserve(
                "bench",
                "bench",
                db,
                extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    long start = System.nanoTime();
    Process observe = pb.start();
    long firstAt = 0;
    long firstStored = 0;
    // The second half of the topic, read by a consumer whose compilers have done most of their
    // work: the rate of one that runs for days.
    long halfAt = 0;
    long halfStored = 0;
    long stored = 0;
    while (stored < messages && observe.isAlive()) {
      Thread.sleep(20);
      stored = KafkaObserveIT.total(KafkaObserveIT.storedOffsets(db, "bench"));
      if (firstAt == 0 && stored > 0) {
        firstAt = System.nanoTime();
        firstStored = stored;
      }
      if (halfAt == 0 && stored >= messages / 2) {
        halfAt = System.nanoTime();
        halfStored = stored;
      }
    }
    long end = System.nanoTime();
    long cpu = observe.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    observe.waitFor(60, TimeUnit.SECONDS);
    String log = Files.readString(err);
    assertEquals(0, observe.exitValue(), log);
    assertEquals(messages, stored, log);
    assertTrue(log.contains(String.format("read %,d records", records)), log);
    double seconds = (end - start) / 1e9;
    // Messages hold one record or several (NDJSON batches): the records after the first batch are
    // counted in the share of messages after it.
    double steadyRecords = records * (double) (messages - firstStored) / messages;
    double steady = (end - firstAt) / 1e9;
    double secondHalfRecords = records * (double) (messages - halfStored) / messages;
    double secondHalf = (end - halfAt) / 1e9;
    System.out.printf(
        "BENCH kafka→sqlite (bin/netpol-recommend observe, its own JVM): %s stored in %.1f s from the"
            + " launch = %,.0f records/s (from the first batch stored, after JVM start and group"
            + " join: %,.0f records in %.1f s = %,.0f records/s; the second half of the topic:"
            + " %,.0f records in %.1f s = %,.0f records/s); CPU of observe's process %s;"
            + " java %s, %d cores%n",
        what,
        seconds,
        records / seconds,
        steadyRecords,
        steady,
        steadyRecords / steady,
        secondHalfRecords,
        secondHalf,
        secondHalfRecords / secondHalf,
        cpu < 0 ? "unknown" : String.format("%.1f s (until the last offset was stored)", cpu / 1e9),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "BENCH observe said: "
            + log.lines().filter(l -> l.startsWith("observe:")).findFirst().orElse("(nothing)"));
  }

  /** The consumer in this JVM beside the broker, with the CPU of each kind of thread. */
  private void inProcess(KafkaBroker broker, Path db, int records, long messages, String what)
      throws Exception {
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> cpuBefore = new HashMap<>();
    sampleThreads(names, cpuBefore);
    long start = System.nanoTime();
    long processCpu = PROCESS.getProcessCpuTime();
    long[] consumerCpu = new long[1];
    long[] firstRecord = new long[1];
    CompletableFuture<IngestReport> run =
        CompletableFuture.supplyAsync(
            () -> {
              long cpu = THREADS.getCurrentThreadCpuTime();
              IngestReport report = new IngestReport();
              try (Store store = Store.open(db);
                  MessagesAhead ahead = new MessagesAhead(IngestOptions.defaults())) {
                return new StoreConsumer(
                        new KafkaClients(broker.settings())
                            .consumer("bench", "bench", 5_000, 1 << 20),
                        "bench",
                        store,
                        () ->
                            firstRecordAt(
                                firstRecord,
                                FlowRecords.fromStore(
                                    store, IngestOptions.defaults(), report, ahead)),
                        report,
                        IngestOptions.defaults().batchRecords(),
                        Duration.ofSeconds(2))
                    .run();
              } finally {
                consumerCpu[0] = THREADS.getCurrentThreadCpuTime() - cpu;
              }
            });
    Map<Long, Long> threadCpu = new HashMap<>();
    while (!run.isDone()
        && KafkaObserveIT.total(KafkaObserveIT.storedOffsets(db, "bench")) < messages) {
      Thread.sleep(50);
      sampleThreads(names, threadCpu);
    }
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - firstRecord[0]) / 1e9;
    double cpuSeconds = (PROCESS.getProcessCpuTime() - processCpu) / 1e9;
    IngestReport report = run.get(60, TimeUnit.SECONDS);
    assertEquals(records, report.records());
    System.out.printf(
        "BENCH kafka→sqlite (in-process consumer): %s committed in %.1f s = %,.0f records/s"
            + " (from the first record polled, after the group join: %.1f s = %,.0f records/s);"
            + " CPU of the process (broker included) %.1f s, of the consumer's thread %.1f s (until idle);"
            + " java %s, %d cores%n",
        what,
        seconds,
        records / seconds,
        steady,
        records / steady,
        cpuSeconds,
        consumerCpu[0] / 1e9,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "BENCH where the CPU went: " + byThreadGroup(names, cpuBefore, threadCpu, cpuSeconds));
  }

  /** Each live thread's CPU time so far (threads that ended keep their last figure). */
  private static void sampleThreads(Map<Long, String> names, Map<Long, Long> cpu) {
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null) {
        long c = THREADS.getThreadCpuTime(t.getThreadId());
        if (c > 0) {
          names.put(t.getThreadId(), t.getThreadName());
          cpu.merge(t.getThreadId(), c, Math::max);
        }
      }
    }
  }

  /**
   * CPU seconds since {@code before} by kind of thread (names without their numbers), the largest
   * first, and what no Java thread accounts for (the JIT compilers, the collector).
   */
  private static String byThreadGroup(
      Map<Long, String> names, Map<Long, Long> before, Map<Long, Long> cpu, double total) {
    Map<String, Long> groups = new HashMap<>();
    cpu.forEach(
        (id, c) ->
            groups.merge(
                names.get(id).replaceAll("[-#]?\\d+", ""),
                c - before.getOrDefault(id, 0L),
                Long::sum));
    StringBuilder out = new StringBuilder();
    double threads = 0;
    for (Map.Entry<String, Long> g :
        groups.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .toList()) {
      threads += g.getValue() / 1e9;
      if (g.getValue() >= 50_000_000L) {
        out.append(String.format("%s %.1f s, ", g.getKey(), g.getValue() / 1e9));
      }
    }
    return out.append(String.format("other threads, JIT and GC %.1f s", total - threads))
        .toString();
  }
}
