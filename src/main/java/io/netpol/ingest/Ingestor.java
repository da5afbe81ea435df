package io.netpol.ingest;

import io.netpol.store.Checkpoint;
import io.netpol.store.ContentMark;
import io.netpol.store.IngestBatch;
import io.netpol.store.IngestWriter;
import io.netpol.store.Store;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads flow logs into the store, exactly once per record: each batch of records is committed in
 * one transaction together with the input's read position, its content marks and the deduplication
 * memory. Before any record of an input is decoded, {@link InputMatcher} compares its bytes with
 * what was read before, so content already stored is skipped whatever the input's name or
 * compression, and whatever the deduplication memory still holds.
 */
public final class Ingestor {

  /** The skip reason of a last line still being written; it is read whole on the next run. */
  public static final String INCOMPLETE_LAST_LINE = "incomplete last line (read again next run)";

  /** Said of an input that holds no flow log of a known format. */
  public static final String NOT_A_FLOW_LOG =
      "not a flow log (not JSON lines, not Hubble protobuf)";

  /** A length prefix past the first message that no message can have. */
  public static final String BAD_MESSAGE_LENGTH =
      "message length %s is not valid (negative, or over --max-record-size %,d bytes): the file is"
          + " corrupt here; everything before it is stored";

  private static final int FINGERPRINT_BYTES = 1 << 16;
  private static final long PROGRESS_EVERY = 100_000;

  private final IngestOptions options;
  private final ProgressListener progress;
  private final IngestWriter writer;
  private final IngestReport report = new IngestReport();
  private final RecordProcessor processor;
  private final int decodeAheadLines;
  private final InputMatcher matcher;
  private String head;
  private String currentSource;
  private Input currentInput;

  /** The marks of the input being read, gathered as it is read and stored as it is committed. */
  private ContentMarks marks;

  /** The read position of the input being read, as last committed. */
  private long committed;

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

  /** Reads every path ({@code -} is {@code stdin}) and returns what happened. */
  /** The report {@link #run} fills, readable while it runs (metrics). */
  public IngestReport report() {
    return report;
  }

  public IngestReport run(List<String> paths, InputStream stdin) {
    for (Input input : Input.expand(paths, report)) {
      report.input();
      try (InputStream raw = input.isStdin() ? stdin : Files.newInputStream(input.path())) {
        read(input, raw);
      } catch (IOException e) {
        report.failedInput(new Problem(input.display(), "cannot read: " + describe(e)));
      }
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
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    InputStream in = buffered;
    boolean gzip = isGzip(buffered);
    if (gzip) {
      in = new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
    }
    in.mark(FINGERPRINT_BYTES + 1);
    byte[] headBytes = in.readNBytes(FINGERPRINT_BYTES);
    in.reset();
    int first = firstSignificantByte(headBytes);
    if (first < 0) {
      return; // empty input
    }
    boolean json = looksLikeJson(headBytes, first);
    if (!json
        && options.format() != InputFormat.AUTO
        && options.format() != InputFormat.HUBBLE_PB) {
      report.failedInput(
          new Problem(
              input.display(),
              "not JSON lines, but --format " + options.format().cliName() + " reads JSON lines"));
      return;
    }
    if (json && options.format() == InputFormat.HUBBLE_PB) {
      report.failedInput(
          new Problem(input.display(), "JSON lines, but --format hubble-pb reads binary protobuf"));
      return;
    }
    String head = fingerprint(head(headBytes, json));
    InputMatcher.Start start =
        input.isStdin()
            ? InputMatcher.Start.fresh(null)
            : matcher.match(input, head, json ? "line" : "message");
    if (start.source() == null && !input.isStdin()) {
      report.priorRead(start.prior());
      return;
    }
    String source = start.source();
    this.head = head;
    currentInput = input;
    marks = null;
    currentSource = input.display();
    processor.evidence(currentSource);
    committed = start.position();
    String tailBefore = TailBuffer.of(start.before(), 0, start.before().length);
    if (start.forkOf() != null) {
      // What the input shares with the one it forks from is known before anything is read.
      processor.batch().copyMarks(start.forkOf(), source, start.position());
      checkpointAndCommit(source, input, start.position(), start.line(), tailBefore, 0);
    } else if (start.refingerprint()) {
      IngestBatch batch = processor.batch();
      batch.checkpoint(
          new Checkpoint(source, head, input.display(), start.position(), start.line(), tailBefore),
          start.position());
      batch.mark(source, new ContentMark(start.position(), start.line(), tailBefore));
      commit();
    }
    try {
      in.skipNBytes(start.position());
      if (json && decodeAhead(input)) {
        readLinesAhead(input, in, source, start);
      } else if (json) {
        readLines(input, in, source, start);
      } else {
        readMessages(input, in, source, start);
      }
    } catch (EOFException | ZipException e) {
      commit();
      report.failedInput(
          new Problem(
              input.display(),
              (gzip ? "truncated or corrupt gzip data" : "unexpected end of data")
                  + " ("
                  + e.getMessage()
                  + "); everything before it is stored; recompress or re-export the file"));
    } catch (IOException e) {
      commit();
      report.failedInput(
          new Problem(
              input.display(), "read failed: " + describe(e) + "; everything before it is stored"));
    } finally {
      if (start.prior() != null) {
        report.priorRead(moved(start.prior(), committed > start.position()));
      }
    }
  }

  /** A continued input from which nothing new was read was read before in full. */
  private static PriorRead moved(PriorRead prior, boolean readOn) {
    if (prior.kind() != PriorRead.Kind.CONTINUED || readOn) {
      return prior;
    }
    return new PriorRead(
        PriorRead.Kind.NOTHING_NEW, prior.input(), prior.other(), prior.line(), prior.unit());
  }

  private void readLines(Input input, InputStream in, String source, InputMatcher.Start from)
      throws IOException {
    LineReader lines = new LineReader(in, options.maxRecordBytes(), from);
    marks = lines.marks;
    long batchStart = from.position();
    long before = from.position();
    try {
      while (lines.next()) {
        String location = input.display() + ":" + lines.lineNumber;
        if (lines.tooLong) {
          malformed(
              new Problem(
                  location, "line longer than " + options.maxRecordBytes() + " bytes; skipped"),
              source,
              before,
              lines.lineNumber - 1,
              lines.tail.savedHash(),
              batchStart);
        } else if (!isBlank(lines.buf, lines.off, lines.len)) {
          report.record(lines.len);
          processor.batch().countRecord();
          try {
            processor.decodeJson(lines.buf, lines.off, lines.len);
          } catch (MalformedRecordException e) {
            if (lines.unterminated && !input.isStdin()) {
              report.skipped(INCOMPLETE_LAST_LINE);
              report.problem(
                  new Problem(
                      location,
                      "incomplete last line (no newline yet); it is read again on the next run"));
              break;
            }
            malformed(
                new Problem(location, e.getMessage()),
                source,
                before,
                lines.lineNumber - 1,
                lines.tail.savedHash(),
                batchStart);
          } catch (HubbleFlows.Skip e) {
            report.skipped(e.getMessage());
          }
          if (report.records() % PROGRESS_EVERY == 0) {
            progress.progress(input.display(), report.records(), report.bytes());
          }
        }
        before = lines.position;
        if (processor.batch().records() >= options.batchRecords()) {
          checkpointAndCommit(
              source, input, lines.position, lines.lineNumber, lines.tail.hash(), batchStart);
          batchStart = lines.position;
        }
      }
    } catch (IOException e) {
      // Cut short inside a line (a truncated .gz, a read error): keep what was read with its read
      // position, so a complete copy of the file later continues after it instead of counting it
      // again. The reader's saved tail is the one before the line it could not finish.
      checkpointAndCommit(
          source, input, before, lines.lineNumber, lines.tail.savedHash(), batchStart);
      throw e;
    }
    boolean all = before == lines.position;
    checkpointAndCommit(
        source,
        input,
        before,
        lines.lineNumber - (all ? 0 : 1),
        all ? lines.tail.hash() : lines.tail.savedHash(),
        batchStart);
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
   * {@link #readLines} with decoding on another thread ({@link DecodeAhead}): the same records,
   * problems, progress, commits and checkpoints, in the same order.
   */
  private void readLinesAhead(Input input, InputStream in, String source, InputMatcher.Start from)
      throws IOException {
    LineReader reader = new LineReader(in, options.maxRecordBytes(), from);
    marks = reader.marks;
    long batchStart = from.position();
    long before = from.position();
    boolean stopped = false;
    try (DecodeAhead lines =
        new DecodeAhead(
            reader,
            processor,
            options.batchRecords(),
            processor.batch().records(),
            decodeAheadLines)) {
      try {
        while (lines.next()) {
          String location = input.display() + ":" + lines.lineNumber();
          if (lines.tooLong()) {
            report.malformed(
                new Problem(
                    location, "line longer than " + options.maxRecordBytes() + " bytes; skipped"));
          } else if (!lines.blank()) {
            report.record(lines.length());
            processor.batch().countRecord();
            try {
              lines.decode();
            } catch (MalformedRecordException e) {
              if (lines.unterminated()) {
                report.skipped(INCOMPLETE_LAST_LINE);
                report.problem(
                    new Problem(
                        location,
                        "incomplete last line (no newline yet); it is read again on the next run"));
                checkpointAndCommit(
                    source, input, before, lines.lineNumber() - 1, lines.tailBefore(), batchStart);
                stopped = true;
                break;
              }
              report.malformed(new Problem(location, e.getMessage()));
            } catch (HubbleFlows.Skip e) {
              report.skipped(e.getMessage());
            }
            if (report.records() % PROGRESS_EVERY == 0) {
              progress.progress(input.display(), report.records(), report.bytes());
            }
          }
          before = lines.position();
          if (processor.batch().records() >= options.batchRecords()) {
            checkpointAndCommit(
                source, input, lines.position(), lines.lineNumber(), lines.tailAfter(), batchStart);
            batchStart = lines.position();
          }
        }
      } catch (IOException e) {
        // As in readLines: keep what was read before the line that could not be finished.
        checkpointAndCommit(
            source,
            input,
            before,
            lines.failureLineNumber(),
            lines.failureTailBefore(),
            batchStart);
        throw e;
      }
      if (!stopped) {
        checkpointAndCommit(
            source, input, lines.endPosition(), lines.endLineNumber(), lines.endTail(), batchStart);
      }
    }
  }

  private void readMessages(Input input, InputStream in, String source, InputMatcher.Start from)
      throws IOException {
    HubbleProtoDecoder protoDecoder = new HubbleProtoDecoder(options.labelPolicy().limits());
    TailBuffer tail = new TailBuffer();
    tail.append(from.before(), 0, from.before().length);
    marks = new ContentMarks(from.position());
    byte[] prefixBytes = new byte[10];
    long position = from.position();
    long index = from.line();
    long batchStart = from.position();
    while (true) {
      tail.save();
      String location = input.display() + ": message " + (index + 1) + " at byte " + position;
      int prefix;
      try {
        prefix = readVarint(in, prefixBytes);
      } catch (MalformedRecordException | EOFException e) {
        if (index == 0) {
          notAFlowLog(input);
          return;
        }
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        report.failedInput(
            new Problem(location, e.getMessage() + "; everything before it is stored"));
        return;
      }
      if (prefix == 0) {
        break;
      }
      long length = decodeVarint(prefixBytes, prefix);
      // A ten-byte varint can decode to a negative number: as wrong as one over the limit.
      boolean badLength = length < 0 || length > options.maxRecordBytes();
      if (index == 0 && badLength) {
        notAFlowLog(input);
        return;
      }
      if (badLength) {
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        report.failedInput(
            new Problem(
                location,
                String.format(
                    BAD_MESSAGE_LENGTH, Long.toUnsignedString(length), options.maxRecordBytes())));
        return;
      }
      byte[] message;
      try {
        message = in.readNBytes((int) length);
      } catch (IOException e) {
        // Cut short (a truncated .gz): keep what was read, with its position.
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        throw e;
      }
      if (message.length < length && index == 0) {
        notAFlowLog(input);
        return;
      }
      if (message.length < length) {
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        report.failedInput(
            new Problem(
                location, "truncated message at end of input; everything before it is stored"));
        return;
      }
      tail.append(prefixBytes, 0, prefix);
      tail.append(message, 0, message.length);
      index++;
      position += prefix + length;
      marks.boundary(position, index, tail);
      RawFlow flow = new RawFlow();
      boolean isFlow = false;
      MalformedRecordException bad = null;
      try {
        isFlow = protoDecoder.decode(message, flow);
        if (index == 1 && isFlow && !flow.looksLikeFlow()) {
          bad = new MalformedRecordException("no flow fields");
        }
      } catch (MalformedRecordException e) {
        bad = e;
      }
      if (bad != null && index == 1) {
        notAFlowLog(input); // its first message is not a record
        return;
      }
      report.record(length);
      processor.batch().countRecord();
      if (bad != null) {
        malformed(
            new Problem(location, bad.getMessage()),
            source,
            position - prefix - length,
            index - 1,
            tail.savedHash(),
            batchStart);
      } else if (!isFlow) {
        report.skipped("Hubble non-flow response");
      } else {
        try {
          processor.hubbleFlow(flow);
        } catch (HubbleFlows.Skip e) {
          report.skipped(e.getMessage());
        }
      }
      if (processor.batch().records() >= options.batchRecords()) {
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        batchStart = position;
      }
    }
    checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
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

  private void malformed(
      Problem problem,
      String source,
      long positionBefore,
      long lineBefore,
      String tailBefore,
      long batchStart) {
    report.malformed(problem);
    if (options.strict()) {
      checkpointAndCommit(source, currentInput, positionBefore, lineBefore, tailBefore, batchStart);
      throw new IngestStoppedException(problem);
    }
  }

  /**
   * Commits the batch with the input's read position, and the content marks up to it, unless the
   * position did not move (then the stored one, naming the file that last moved it, stays).
   */
  private void checkpointAndCommit(
      String source, Input input, long position, long line, String tail, long batchStart) {
    if (source != null && position != batchStart) {
      IngestBatch batch = processor.batch();
      batch.checkpoint(
          new Checkpoint(source, head, input.display(), position, line, tail), batchStart);
      if (marks != null) {
        marks.commit(batch, source, position);
      }
      batch.mark(source, new ContentMark(position, line, tail));
      committed = position;
    }
    commit();
  }

  private void commit() {
    processor.commit();
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    return a == 0x1f && b == 0x8b;
  }

  private static int firstSignificantByte(byte[] head) {
    int i = 0;
    if (head.length >= 3
        && (head[0] & 0xff) == 0xef
        && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf) {
      i = 3;
    }
    for (; i < head.length; i++) {
      byte b = head[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }

  /**
   * A JSON object starts with '{' and then (after white space) '"' or '}'. A binary export whose
   * first message is 123 bytes long also starts with '{' (its varint length prefix), followed by a
   * protobuf tag that is neither.
   */
  private static boolean looksLikeJson(byte[] head, int first) {
    if (head[first] != '{') {
      return false;
    }
    for (int i = first + 1; i < head.length; i++) {
      byte b = head[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '"' || b == '}';
      }
    }
    return true;
  }

  /**
   * The part of an input that identifies it: its first line (JSON) or first 256 bytes (protobuf).
   */
  private static byte[] head(byte[] bytes, boolean json) {
    int n = bytes.length;
    if (json) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          n = i + 1;
          break;
        }
      }
    } else {
      n = Math.min(n, 256);
    }
    return java.util.Arrays.copyOf(bytes, n);
  }

  private static String fingerprint(byte[] bytes) {
    return TailBuffer.of(bytes, 0, bytes.length);
  }

  private static boolean isBlank(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Reads a varint's bytes into {@code into}; returns how many (0 at a clean end of input). */
  private static int readVarint(InputStream in, byte[] into) throws IOException {
    for (int i = 0; i < into.length; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return 0;
        }
        throw new EOFException("truncated length prefix");
      }
      into[i] = (byte) b;
      if ((b & 0x80) == 0) {
        return i + 1;
      }
    }
    throw new MalformedRecordException("bad length prefix");
  }

  private static long decodeVarint(byte[] bytes, int n) {
    long value = 0;
    for (int i = 0; i < n; i++) {
      value |= (long) (bytes[i] & 0x7f) << (7 * i);
    }
    return value;
  }
}
