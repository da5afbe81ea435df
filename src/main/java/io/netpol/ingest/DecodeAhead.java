package io.netpol.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads lines ahead and does the costly part of decoding them (the JSON parse of a Hubble flow,
 * {@link RecordDecoder#preparse}) on other threads, so it overlaps with reading, deduplicating and
 * storing. The caller sees the lines in file order, one at a time, with everything {@link
 * LineReader} would have told it, and {@link #decode finishes decoding} each record itself: the
 * decoder's caches (known endpoints, learned workload names), the tracker, the batch and the report
 * stay on the caller's thread and see what sequential decoding gives, in the same order. What runs
 * ahead depends on nothing but the record's bytes, so the number of threads cannot change the
 * result.
 *
 * <p>Commits need the fingerprint of the input up to their line, which the reader only knows while
 * at that line: lines where the batch will be full are predicted while reading (records since the
 * last commit reach {@code batchRecords}) and their fingerprint is kept.
 *
 * <p>{@link #close} stops the threads and waits for them, whatever the read ended with.
 */
final class DecodeAhead implements AutoCloseable {

  static final int CHUNK_LINES = 2_000;
  private static final int CHUNK_BYTES = 4 << 20;
  private static final int MAX_THREADS = 4;

  private final LineReader reader;
  private final RecordProcessor processor;
  private final int batchRecords;
  private final ExecutorService decoding;

  /** Chunks being read ahead or waiting for the caller; bounds the memory read ahead. */
  private final int inFlight;

  /** One parser per thread: parsers keep per-record state. */
  private final ThreadLocal<HubbleJsonParser> parsers;

  private final ArrayDeque<Future<LineChunk>> pending = new ArrayDeque<>();
  private final ArrayDeque<LineChunk> free = new ArrayDeque<>();
  private long recordsSinceCommit;
  private boolean readerDone;
  private IOException readFailure;
  private long failureLineNumber;
  private String failureTailBefore;
  private long endLineNumber;
  private long endPosition;
  private String endTail;

  private LineChunk current;
  private int index;

  /**
   * @param recordsInBatch records already counted in the processor's open batch
   */
  DecodeAhead(
      LineReader reader,
      RecordProcessor processor,
      int batchRecords,
      long recordsInBatch,
      int chunkLines) {
    this.reader = reader;
    this.processor = processor;
    this.batchRecords = batchRecords;
    this.recordsSinceCommit = recordsInBatch;
    // The reading thread is busy too (reading, deduplicating, storing): leave it a processor.
    int threads =
        Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors() - 1));
    this.inFlight = threads + 2;
    for (int i = 0; i < inFlight + 1; i++) {
      free.add(new LineChunk(chunkLines, CHUNK_BYTES));
    }
    RecordDecoder decoder = processor.decoder();
    this.parsers = ThreadLocal.withInitial(decoder::newParser);
    this.decoding =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "netpol-decode-ahead");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Advances to the next line; false at the end of input.
   *
   * @throws IOException what reading threw, once every line read before it has been returned
   */
  boolean next() throws IOException {
    if (current != null && ++index < current.size()) {
      return true;
    }
    if (current != null) {
      current.clear();
      free.add(current);
      current = null;
    }
    readAhead();
    Future<LineChunk> next = pending.poll();
    if (next == null) {
      if (readFailure != null) {
        throw readFailure;
      }
      return false;
    }
    current = await(next);
    index = 0;
    readAhead();
    return true;
  }

  /** Fills free chunks from the reader and hands them to the decoding thread. */
  private void readAhead() {
    while (!readerDone && !free.isEmpty() && pending.size() < inFlight) {
      LineChunk chunk = free.poll();
      fill(chunk);
      if (chunk.isEmpty()) {
        free.add(chunk);
      } else {
        RecordDecoder decoder = processor.decoder();
        pending.add(decoding.submit(() -> chunk.preparse(decoder, parsers.get())));
      }
    }
  }

  private void fill(LineChunk chunk) {
    try {
      while (!chunk.full()) {
        if (!reader.next()) {
          readerDone = true;
          endLineNumber = reader.lineNumber;
          endPosition = reader.position;
          endTail = reader.tail.hash();
          return;
        }
        boolean blank = !reader.tooLong && LineReader.isBlank(reader.buf, reader.off, reader.len);
        int i = chunk.size();
        chunk.add(reader, blank);
        if (reader.unterminated) {
          chunk.tailBefore(i, reader.tail.savedHash());
        }
        if (!reader.tooLong && !blank && ++recordsSinceCommit >= batchRecords) {
          chunk.tailAfter(i, reader.tail.hash());
          recordsSinceCommit = 0;
        }
      }
    } catch (IOException e) {
      readerDone = true;
      readFailure = e;
      failureLineNumber = reader.lineNumber;
      failureTailBefore = reader.tail.savedHash();
    }
  }

  private static LineChunk await(Future<LineChunk> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while decoding ahead");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Finishes decoding the current record into the processor, as {@link RecordProcessor#decodeJson}
   * does.
   */
  DecodeResult decode() {
    return current.decode(index, processor);
  }

  boolean tooLong() {
    return current.tooLong(index);
  }

  boolean blank() {
    return current.blank(index);
  }

  boolean unterminated() {
    return current.unterminated(index);
  }

  int length() {
    return current.length(index);
  }

  long lineNumber() {
    return current.lineNumber(index);
  }

  long position() {
    return current.position(index);
  }

  /**
   * The fingerprint of the input up to and including the current line, where a commit follows it.
   */
  String tailAfter() {
    String hash = current.tailAfter(index);
    if (hash == null) {
      throw new IllegalStateException("a commit after line " + lineNumber() + " was not foreseen");
    }
    return hash;
  }

  /** The fingerprint of the input before the current line, kept for an unterminated last line. */
  String tailBefore() {
    return current.tailBefore(index);
  }

  /** The reader's line number when reading failed. */
  long failureLineNumber() {
    return failureLineNumber;
  }

  /** The fingerprint before the line reading failed in. */
  String failureTailBefore() {
    return failureTailBefore;
  }

  /** At the end of input: the last line's number. */
  long endLineNumber() {
    return endLineNumber;
  }

  /** At the end of input: the position after everything read. */
  long endPosition() {
    return endPosition;
  }

  /** At the end of input: the fingerprint of everything read. */
  String endTail() {
    return endTail;
  }

  /** Stops the threads reading ahead and waits for them. */
  @Override
  public void close() {
    decoding.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (decoding.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
