package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.LabelPolicy;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Ingestor;
import io.netpol.ingest.InputFormat;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netpol-recommend observe}: read flow logs into the store. */
@Command(
    name = "observe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Read Calico or Hubble flow logs into the store, counting each connection once.",
      "",
      "Reads files, folders (recursively, rotated and .gz files included) and - for stdin. What was read"
          + " is recognised by its content, not its name: running again on the same files, on copies, on"
          + " rotated or compressed names, or on a path given twice adds nothing, and appended lines are read"
          + " exactly once, even after a crash.",
      "",
      "Formats: Hubble JSON (hubble observe -o jsonpb, the exporter, bare flows), Hubble binary protobuf,"
          + " Calico Enterprise flows.log, Calico Goldmane (NDJSON or protojson), each also inside Fluent Bit"
          + " or Vector records.",
      "",
      "With --kafka-bootstrap it consumes a topic instead: offsets are stored with the counts, so a crash,"
          + " a kill or a rebalance never counts a record twice; processes in one --group share the partitions."
          + " --emit-edges TOPIC pre-aggregates into edge deltas for --edges-topic TOPIC."
    })
public final class ObserveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DbOptions db;
  @Mixin LoggingOptions logging;
  @Mixin KafkaOptions kafka;
  @Mixin MetricsOptions metrics;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      converter = FormatConverter.class,
      description =
          "auto (detect per file and record), hubble, hubble-pb, calico or goldmane. Default: ${DEFAULT-VALUE}.")
  InputFormat format;

  @Option(
      names = "--strict",
      description = "Stop at the first malformed record (exit 2) instead of skipping it.")
  boolean strict;

  @Option(
      names = "--volatile-label",
      paramLabel = "KEY",
      description =
          "A pod label key (or prefix ending in *) that changes between deploys and must never be"
              + " selected on; repeatable. Built in: pod-template-hash, controller-revision-hash, ...")
  List<String> volatileLabels = new ArrayList<>();

  @Option(
      names = "--memory",
      paramLabel = "N",
      defaultValue = "500000",
      description =
          "Recent connections remembered to count each once across observation points and reporters"
              + " (bounds memory). Content read before is recognised by its bytes whatever this is."
              + " Default: ${DEFAULT-VALUE}.")
  int memory;

  @Option(
      names = "--max-record-size",
      paramLabel = "BYTES",
      defaultValue = "1048576",
      description = "Skip lines or messages longer than this. Default: ${DEFAULT-VALUE}.")
  int maxRecordSize;

  @Option(
      names = "--max-labels",
      paramLabel = "N",
      defaultValue = "" + LabelLimits.DEFAULT_PER_ENDPOINT,
      description =
          "Keep at most N labels per endpoint (the first ones); the rest are dropped and counted."
              + " Default: ${DEFAULT-VALUE}.")
  int maxLabels;

  @Option(
      names = "--max-label-length",
      paramLabel = "CHARS",
      defaultValue = "" + LabelLimits.DEFAULT_LENGTH,
      description =
          "Drop (and count) labels longer than this; a Kubernetes label is at most 385 (the k8s: prefix,"
              + " a 317-character key, =, a 63-character value)."
              + " Default: ${DEFAULT-VALUE}.")
  int maxLabelLength;

  @Option(names = "--batch-size", hidden = true, defaultValue = "200000")
  int batchSize;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Flow-log files or folders, or - for stdin (not with --kafka-bootstrap).")
  List<String> paths;

  private final Services services;

  public ObserveCommand(Services services) {
    this.services = services;
  }

  private LabelLimits labelLimits() {
    if (maxLabels < 1 || maxLabelLength < 1) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--max-labels and --max-label-length must be at least 1");
    }
    return new LabelLimits(maxLabels, maxLabelLength);
  }

  @Override
  public Integer call() {
    kafka.validate(paths, strict);
    IngestOptions options =
        IngestOptions.defaults()
            .withFormat(format)
            .withStrict(strict)
            .withLabelPolicy(
                LabelPolicy.withExtraVolatile(volatileLabels).withLimits(labelLimits()))
            .withMemoryCapacity(memory)
            .withMaxRecordBytes(maxRecordSize)
            .withBatchRecords(batchSize);
    PrintWriter err = spec.commandLine().getErr();
    Path dbPath = db.resolve();
    if (kafka.enabled()) {
      IngestReport kafkaReport = new IngestReport();
      MetricsOptions.Served served =
          metrics.serveObserve(services, kafkaReport, kafka.emitsEdges() ? null : dbPath, err);
      try {
        return new ObserveKafka(services, kafka, options, dbPath, logging.verbose, err, kafkaReport)
            .run();
      } finally {
        served.close();
      }
    }
    long started = System.nanoTime();
    IngestReport report;
    EdgeReader.Totals totals;
    Progress progress =
        new Progress(services.interactive() ? services.terminal() : err, services.interactive());
    try (Store store = services.openStore(dbPath)) {
      Ingestor ingestor = new Ingestor(store, options, progress);
      MetricsOptions.Served served = metrics.serveObserve(services, ingestor.report(), dbPath, err);
      try {
        report = ingestor.run(paths, services.stdin());
      } finally {
        served.close();
      }
      totals = store.edges().totals();
    } finally {
      progress.done();
    }
    new ObserveSummary(report, dbPath, System.nanoTime() - started, logging.verbose)
        .holding(totals)
        .print(err);
    if (!report.failedInputs().isEmpty()) {
      return ExitCode.INVALID_INPUT.code();
    }
    return ExitCode.OK.code();
  }
}
