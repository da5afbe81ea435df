package io.netpol.ingest;

import io.netpol.store.Checkpoint;
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
 * one transaction together with the input's read position and the deduplication memory, and an
 * input already read (recognised by a fingerprint of its first record, so rotation and compression
 * do not fool it) is continued where it stopped.
 */
public final class Ingestor {

  private static final int FINGERPRINT_BYTES = 1 << 16;
  private static final long PROGRESS_EVERY = 100_000;

  private final IngestOptions options;
  private final ProgressListener progress;
  private final IngestWriter writer;
  private final IngestReport report = new IngestReport();
  private final RecordProcessor processor;
  private final int decodeAheadLines;
  private String head;
  private String currentSource;

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
  }

  /** Reads every path ({@code -} is {@code stdin}) and returns what happened. */
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
    long start = 0;
    long startLine = 0;
    String source = null;
    if (!input.isStdin()) {
      List<Checkpoint> candidates = writer.checkpointsWithHead(head);
      for (Checkpoint candidate : candidates) {
        if (sameContentUpTo(input, candidate)) {
          source = candidate.source();
          start = candidate.position();
          startLine = candidate.line();
          break;
        }
      }
      if (source == null) {
        // A new input, possibly one that merely starts like another already read.
        source = "file:" + head + (candidates.isEmpty() ? "" : "#" + (candidates.size() + 1));
      } else if (start > 0) {
        report.alreadyRead();
        in.skipNBytes(start);
      }
    }
    this.head = head;
    currentSource = input.display();
    processor.evidence(input.evidence());
    try {
      if (json && decodeAhead(input)) {
        readLinesAhead(input, in, source, start, startLine);
      } else if (json) {
        readLines(input, in, source, start, startLine);
      } else {
        readMessages(input, in, source, start, startLine);
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
    }
  }

  private void readLines(Input input, InputStream in, String source, long start, long startLine)
      throws IOException {
    LineReader lines = new LineReader(in, options.maxRecordBytes(), start, startLine);
    long batchStart = start;
    long before = start;
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
              report.skipped("incomplete last line (read again next run)");
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
  private void readLinesAhead(
      Input input, InputStream in, String source, long start, long startLine) throws IOException {
    LineReader reader = new LineReader(in, options.maxRecordBytes(), start, startLine);
    long batchStart = start;
    long before = start;
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
                report.skipped("incomplete last line (read again next run)");
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

  private void readMessages(Input input, InputStream in, String source, long start, long startLine)
      throws IOException {
    HubbleProtoDecoder protoDecoder = new HubbleProtoDecoder();
    TailBuffer tail = new TailBuffer();
    byte[] prefixBytes = new byte[10];
    long position = start;
    long index = startLine;
    long batchStart = start;
    while (true) {
      tail.save();
      String location = input.display() + ": message " + (index + 1) + " at byte " + position;
      int prefix;
      try {
        prefix = readVarint(in, prefixBytes);
      } catch (MalformedRecordException | EOFException e) {
        if (index == 0) {
          notAFlowLog(
              input, "neither JSON lines nor length-delimited Hubble protobuf: " + e.getMessage());
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
      if (index == 0 && length > options.maxRecordBytes()) {
        notAFlowLog(
            input,
            "neither JSON lines nor length-delimited Hubble protobuf: a first message of "
                + length
                + " bytes");
        return;
      }
      if (length > options.maxRecordBytes()) {
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        report.failedInput(
            new Problem(
                location,
                "message length "
                    + length
                    + " exceeds "
                    + options.maxRecordBytes()
                    + " bytes: "
                    + "corrupt here"
                    + "; everything before it is stored"));
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
        notAFlowLog(
            input,
            "neither JSON lines nor length-delimited Hubble protobuf: the first message is cut short");
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
      report.record(length);
      processor.batch().countRecord();
      try {
        RawFlow flow = new RawFlow();
        boolean isFlow = protoDecoder.decode(message, flow);
        if (index == 1 && isFlow && !flow.looksLikeFlow()) {
          throw new MalformedRecordException("no flow fields");
        }
        if (isFlow) {
          processor.hubbleFlow(flow);
        } else {
          report.skipped("Hubble non-flow response");
        }
      } catch (MalformedRecordException e) {
        if (index == 1) {
          notAFlowLog(
              input, "neither JSON lines nor length-delimited Hubble protobuf: " + e.getMessage());
          return;
        }
        malformed(
            new Problem(location, e.getMessage()),
            source,
            position - prefix - length,
            index - 1,
            tail.savedHash(),
            batchStart);
      } catch (HubbleFlows.Skip e) {
        report.skipped(e.getMessage());
      }
      if (processor.batch().records() >= options.batchRecords()) {
        checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
        batchStart = position;
      }
    }
    checkpointAndCommit(source, input, position, index, tail.hash(), batchStart);
  }

  /** An input in no known format: fatal when named, a warning when found in a folder. */
  private void notAFlowLog(Input input, String why) {
    if (input.fromFolder()) {
      report.skipped("not a flow log");
      report.problem(new Problem(input.display(), "not a flow log (" + why + "); skipped"));
    } else {
      report.failedInput(
          new Problem(
              input.display(),
              "not a recognised flow log (" + why + "); pass --format if the detection is wrong"));
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
      if (source != null) {
        processor
            .batch()
            .checkpoint(
                new Checkpoint(source, head, currentSource, positionBefore, lineBefore, tailBefore),
                batchStart);
      }
      commit();
      throw new IngestStoppedException(problem);
    }
  }

  private void checkpointAndCommit(
      String source, Input input, long position, long line, String tail, long batchStart) {
    if (source != null) {
      processor
          .batch()
          .checkpoint(
              new Checkpoint(source, head, input.display(), position, line, tail), batchStart);
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

  /** Whether the input holds, just before the candidate's position, the bytes read there before. */
  private boolean sameContentUpTo(Input input, Checkpoint candidate) throws IOException {
    long position = candidate.position();
    int n = (int) Math.min(position, TailBuffer.SIZE);
    try (InputStream in = openDecompressed(input)) {
      in.skipNBytes(position - n);
      byte[] tail = in.readNBytes(n);
      return tail.length == n && TailBuffer.of(tail, 0, n).equals(candidate.tailHash());
    } catch (EOFException e) {
      return false;
    }
  }

  private static InputStream openDecompressed(Input input) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(input.path()), 1 << 16);
    return isGzip(in) ? new GZIPInputStream(in, 1 << 16) : in;
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
