package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.MessagesAhead;
import io.netpol.kafka.EdgeDeltas;
import io.netpol.kafka.EdgeEmitter;
import io.netpol.kafka.FlowRecords;
import io.netpol.kafka.KafkaClients;
import io.netpol.kafka.StoreConsumer;
import io.netpol.store.KafkaReaders;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code observe --kafka-bootstrap}: the three ways of reading a topic, stopped cleanly by SIGTERM.
 */
final class ObserveKafka {

  /** How long a shutdown hook waits for the current batch to be committed. */
  private static final Duration FINISH_BATCH = Duration.ofSeconds(30);

  private final Services services;
  private final KafkaOptions kafka;
  private final IngestOptions options;
  private final Path dbPath;
  private final boolean verbose;
  private final PrintWriter err;
  private final IngestReport report;

  ObserveKafka(
      Services services,
      KafkaOptions kafka,
      IngestOptions options,
      Path dbPath,
      boolean verbose,
      PrintWriter err,
      IngestReport report) {
    this.report = report;
    this.services = services;
    this.kafka = kafka;
    this.options = options;
    this.dbPath = dbPath;
    this.verbose = verbose;
    this.err = err;
  }

  int run() {
    KafkaClients clients = services.kafka(kafka.settings());
    long started = System.nanoTime();
    String instance = instanceName();
    if (kafka.emitsEdges()) {
      EdgeEmitter emitter =
          new EdgeEmitter(
              clients.consumer(kafka.group, instance, 5_000, options.maxRecordBytes()),
              clients.transactionalProducer("netpol-emit-" + kafka.group + "-" + instance),
              kafka.topic,
              kafka.emitEdges,
              instance,
              options,
              report,
              kafka.exitWhenIdle);
      services.untilShutdown(() -> finish(emitter::stop, emitter::awaitFinished), emitter::run);
      new ObserveSummary(
              report,
              describe(kafka.topic, emitter.partitionsRead()),
              String.format(
                  "topic %s (%,d edge deltas in %,d transactions)",
                  kafka.emitEdges, emitter.published(), emitter.transactions()),
              System.nanoTime() - started,
              verbose)
          .print(err);
      return ExitCode.OK.code();
    }
    try (Store store = services.openStore(dbPath);
        MessagesAhead ahead = kafka.foldsEdges() ? null : new MessagesAhead(options)) {
      StoreConsumer consumer =
          new StoreConsumer(
                  clients.consumer(kafka.group, instance, 5_000, options.maxRecordBytes()),
                  kafka.inputTopic(),
                  store,
                  kafka.foldsEdges()
                      ? () -> new EdgeDeltas(store, report)
                      : () -> FlowRecords.fromStore(store, options, report, ahead),
                  report,
                  options.batchRecords(),
                  kafka.exitWhenIdle)
              .recoverWith(
                  KafkaReaders.Self.current(hostName()),
                  () ->
                      clients.carefulConsumer(
                          kafka.group, instance + "-careful", options.maxRecordBytes()));
      services.untilShutdown(() -> finish(consumer::stop, consumer::awaitFinished), consumer::run);
      new ObserveSummary(
              report,
              describe(kafka.inputTopic(), consumer.partitionsRead()),
              dbPath.toString(),
              System.nanoTime() - started,
              verbose)
          .print(err);
      if (consumer.conflicts() > 0) {
        err.printf(
            "  %,d batch%s re-read: another consumer of the group had stored its partitions meanwhile%n",
            consumer.conflicts(), consumer.conflicts() == 1 ? "" : "es");
        err.flush();
      }
    }
    return ExitCode.OK.code();
  }

  private interface Await {
    boolean await(Duration timeout) throws InterruptedException;
  }

  private static void finish(Runnable stop, Await finished) {
    stop.run();
    try {
      finished.await(FINISH_BATCH);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(String topic, int partitions) {
    return String.format(
        "topic %s (%d partition%s)", topic, partitions, partitions == 1 ? "" : "s");
  }

  /** A name for this process: the pod name in Kubernetes, stable across restarts of the pod. */
  private static String instanceName() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    return hostName() + "-" + ProcessHandle.current().pid();
  }

  /** The pod name in Kubernetes, else the host name: what a restarted process has in common. */
  private static String hostName() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
