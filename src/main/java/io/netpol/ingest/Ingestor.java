package io.netpol.ingest;

import io.netpol.store.IngestWriter;
import io.netpol.store.Store;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads flow logs into the store, exactly once per record: each batch of records is committed in
 * one transaction together with the input's read position, its content marks and the deduplication
 * memory. Before any record of an input is decoded, {@link InputMatcher} compares its bytes with
 * what was read before, so content already stored is skipped whatever the input's name or
 * compression, and whatever the deduplication memory still holds. Each input becomes a {@link
 * RecordSource} read by the one {@link RecordLoop}.
 */
public final class Ingestor {

  /** The skip reason of a last line still being written; it is read whole on the next run. */
  public static final String INCOMPLETE_LAST_LINE = "incomplete last line (read again next run)";

  /** Said of an input that holds no flow log of a known format. */
  public static final String NOT_A_FLOW_LOG =
      "not a flow log (not JSON lines, not Hubble protobuf)";

  private final IngestOptions options;
  private final ProgressListener progress;
  private final IngestWriter writer;
  private final IngestReport report = new IngestReport();
  private final RecordProcessor processor;
  private final int decodeAheadLines;
  private final InputMatcher matcher;

  public Ingestor(Store store, IngestOptions options, ProgressListener progress) {
    this(store, options, progress, DecodeAhead.CHUNK_LINES);
  }

  /**
   * @param decodeAheadLines lines per chunk decoded ahead on another thread; 0 decodes every record
   *     on the calling thread (tests compare the two)
   */
  Ingestor(Store store, IngestOptions options, ProgressListener progress, int decodeAheadLines) {
    this.decodeAheadLines = decodeAheadLines;
    this.options = options;
    this.progress = progress;
    this.writer = store.ingestWriter();
    this.processor = RecordProcessor.intoStore(store, writer, options, report);
    this.matcher = new InputMatcher(writer);
  }

  /** The report {@link #run} fills, readable while it runs (metrics). */
  public IngestReport report() {
    return report;
  }

  /**
   * Reads every input. Batches are written to the store while the next one is read ({@link
   * WriteBehind}), except with {@code --strict}, whose stop must be in the store when it is said.
   */
  public IngestReport run(List<String> paths, InputStream stdin) {
    try (WriteBehind behind = options.strict() ? null : new WriteBehind(2)) {
      processor.writeBehind(behind);
      for (Input input : Input.expand(paths, report)) {
        report.input();
        // What the inputs before left is in the store before this one is matched against it.
        processor.written();
        try (InputStream raw = input.isStdin() ? stdin : Files.newInputStream(input.path())) {
          read(input, raw);
        } catch (IOException e) {
          report.failedInput(new Problem(input.display(), "cannot read: " + describe(e)));
        }
      }
      processor.written();
    } finally {
      processor.writeBehind(null);
    }
    return report;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied; check the file's permissions";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private void read(Input input, InputStream raw) throws IOException {
    InputHead head = InputHead.read(raw);
    if (head.empty || !formatAgrees(input, head)) {
      return;
    }
    InputMatcher.Start start =
        input.isStdin()
            ? InputMatcher.Start.fresh(null)
            : matcher.match(input, head.fingerprint, head.json ? "line" : "message");
    if (start.source() == null && !input.isStdin()) {
      report.priorRead(start.prior());
      return;
    }
    processor.evidence(input.evidence());
    InputCommits commits =
        new InputCommits(
            processor, start.source(), head.fingerprint, input.display(), start.position());
    RecordSource.Position startsAt =
        new RecordSource.Position(
            start.position(),
            start.line(),
            TailBuffer.of(start.before(), 0, start.before().length));
    if (start.forkOf() != null) {
      // What the input shares with the one it forks from is known before anything is read.
      processor.batch().copyMarks(start.forkOf(), start.source(), start.position());
      new InputCommits(processor, start.source(), head.fingerprint, input.display(), 0)
          .commit(startsAt);
    } else if (start.refingerprint()) {
      commits.refingerprint(startsAt);
    }
    try {
      head.content.skipNBytes(start.position());
      RecordLoop.End end =
          readRecords(
              input,
              head,
              start,
              input.isStdin() ? InputCommits.stream(processor) : commits,
              commits);
      if (end == RecordLoop.End.NOT_A_FLOW_LOG) {
        notAFlowLog(input);
      }
    } catch (EOFException | ZipException e) {
      report.failedInput(
          new Problem(
              input.display(),
              (head.gzip ? "truncated or corrupt gzip data" : "unexpected end of data")
                  + " ("
                  + e.getMessage()
                  + "); everything before it is stored; recompress or re-export the file"));
    } catch (IOException e) {
      report.failedInput(
          new Problem(
              input.display(), "read failed: " + describe(e) + "; everything before it is stored"));
    } finally {
      if (start.prior() != null) {
        report.priorRead(moved(start.prior(), commits.position() > start.position()));
      }
    }
  }

  /** The record source the input's format calls for, read by the record loop. */
  private RecordLoop.End readRecords(
      Input input,
      InputHead head,
      InputMatcher.Start start,
      RecordLoop.Commits loopCommits,
      InputCommits commits)
      throws IOException {
    String name = input.display();
    RecordLoop loop = processor.loop();
    if (!head.json) {
      DelimitedMessages messages =
          new DelimitedMessages(head.content, processor, name, options.maxRecordBytes(), start);
      commits.marks(messages.marks);
      return loop.run(messages, loopCommits, progress, name);
    }
    LineReader reader = new LineReader(head.content, options.maxRecordBytes(), start);
    commits.marks(reader.marks);
    if (!decodeAhead(input)) {
      return loop.run(new JsonLineRecords(reader, processor, name), loopCommits, progress, name);
    }
    try (DecodeAhead ahead =
        new DecodeAhead(
            reader,
            processor,
            options.batchRecords(),
            processor.batch().records(),
            decodeAheadLines)) {
      return loop.run(
          new AheadLineRecords(ahead, name, start.position()), loopCommits, progress, name);
    }
  }

  /** Whether the input's format is one --format reads; reports it when not. */
  private boolean formatAgrees(Input input, InputHead head) {
    if (!head.json
        && options.format() != InputFormat.AUTO
        && options.format() != InputFormat.HUBBLE_PB) {
      report.failedInput(
          new Problem(
              input.display(),
              "not JSON lines, but --format " + options.format().cliName() + " reads JSON lines"));
      return false;
    }
    if (head.json && options.format() == InputFormat.HUBBLE_PB) {
      report.failedInput(
          new Problem(input.display(), "JSON lines, but --format hubble-pb reads binary protobuf"));
      return false;
    }
    return true;
  }

  /** A continued input from which nothing new was read was read before in full. */
  private static PriorRead moved(PriorRead prior, boolean readOn) {
    if (prior.kind() != PriorRead.Kind.CONTINUED || readOn) {
      return prior;
    }
    return new PriorRead(
        PriorRead.Kind.NOTHING_NEW, prior.input(), prior.other(), prior.line(), prior.unit());
  }

  /**
   * Whether to decode ahead on another thread. Not with {@code --strict}, whose stop needs the
   * reader at the malformed line, nor for {@code stdin}, which may be a live stream whose records
   * should not wait for a chunk to fill.
   */
  private boolean decodeAhead(Input input) {
    return decodeAheadLines > 0 && !options.strict() && !input.isStdin();
  }

  /**
   * An input in no known format: fatal when named, a note when found in a folder. Nothing of it is
   * counted as a record.
   */
  private void notAFlowLog(Input input) {
    if (input.fromFolder()) {
      report.notAFlowLog();
      report.problem(new Problem(input.display(), NOT_A_FLOW_LOG + "; skipped"));
    } else {
      report.failedInput(
          new Problem(
              input.display(), NOT_A_FLOW_LOG + "; pass --format if the detection is wrong"));
    }
  }
}
