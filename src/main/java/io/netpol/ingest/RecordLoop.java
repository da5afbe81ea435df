package io.netpol.ingest;

import java.io.IOException;

/**
 * The one loop every record goes through, whatever source it comes from: it counts records, decodes
 * them, reports what was skipped and what was malformed (stopping at the first with {@code
 * --strict}), shows progress, and commits a batch with its read position every {@code --batch-size}
 * records and at the end. Sources know framing and positions, {@link Commits} where a batch goes;
 * nothing else decides.
 */
final class RecordLoop {

  /** Where committed batches go, with the read positions of the input. */
  interface Commits {
    /** Commits the open batch; {@code at} is the input's read position after it. */
    void commit(RecordSource.Position at);

    /** Whether the input can be read again from its read position (a file, not a stream). */
    boolean resumable();
  }

  /** How a source's records ended. */
  enum End {
    /** Every record was read (or the input stopped early with a problem it reported). */
    READ,
    /** The input is no flow log of the source's format; nothing of it was counted. */
    NOT_A_FLOW_LOG
  }

  static final String INCOMPLETE_PROBLEM =
      "incomplete last line (no newline yet); it is read again on the next run";

  private static final long PROGRESS_EVERY = 100_000;

  private final RecordProcessor processor;
  private final IngestReport report;
  private final IngestOptions options;

  RecordLoop(RecordProcessor processor, IngestReport report, IngestOptions options) {
    this.processor = processor;
    this.report = report;
    this.options = options;
  }

  /**
   * Reads every record of {@code source}.
   *
   * @param commits where batches go, or null when the caller commits (a Kafka consumer)
   * @param progress told every 100,000 records, with {@code name}
   * @throws IOException what reading threw, once what was read before it is committed
   * @throws IngestStoppedException at the first malformed record with {@code --strict}, once what
   *     came before it is committed
   */
  End run(RecordSource source, Commits commits, ProgressListener progress, String name)
      throws IOException {
    try {
      while (source.next()) {
        switch (source.kind()) {
          case BLANK:
            break;
          case TOO_LONG:
            malformed(
                source,
                new Problem(
                    source.location(),
                    "line longer than " + options.maxRecordBytes() + " bytes; skipped"),
                commits);
            break;
          case RECORD:
          default:
            DecodeResult result = source.decode();
            if (result.malformed() && source.sniffing()) {
              return End.NOT_A_FLOW_LOG;
            }
            report.record(source.length());
            processor.batch().countRecord();
            if (result.outcome() == DecodeResult.Outcome.SKIPPED) {
              report.skipped(result.reason());
            } else if (result.malformed()) {
              if (source.unterminated() && commits != null && commits.resumable()) {
                // Still being written: read whole on the next run.
                report.skipped(Ingestor.INCOMPLETE_LAST_LINE);
                report.problem(new Problem(source.location(), INCOMPLETE_PROBLEM));
                commits.commit(source.before());
                return End.READ;
              }
              malformed(source, new Problem(source.location(), result.reason()), commits);
            }
            if (report.records() % PROGRESS_EVERY == 0) {
              progress.progress(name, report.records(), report.bytes());
            }
        }
        if (commits != null && processor.batch().records() >= options.batchRecords()) {
          commits.commit(source.after());
        }
      }
    } catch (IOException e) {
      if (commits != null) {
        commits.commit(source.failed());
      }
      throw e;
    }
    if (source.notAFlowLog()) {
      return End.NOT_A_FLOW_LOG;
    }
    if (commits != null) {
      commits.commit(source.end());
    }
    if (source.endProblem() != null) {
      report.failedInput(source.endProblem());
    }
    return End.READ;
  }

  private void malformed(RecordSource source, Problem problem, Commits commits) {
    report.malformed(problem);
    if (options.strict() && commits != null) {
      commits.commit(source.before());
      throw new IngestStoppedException(problem);
    }
  }
}
