package io.netpol.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads lines ahead on a thread of its own and does the costly part of decoding them (the read of a
 * Hubble flow and the checks of its addresses, {@link RecordDecoder#preparse}) on others, so both
 * overlap with deduplicating and storing. The caller sees the lines in file order, one at a time,
 * with everything {@link LineReader} would have told it, and {@link #decode finishes decoding} each
 * record itself: the decoder's caches (known endpoints, learned workload names), the tracker, the
 * batch and the report stay on the caller's thread and see what sequential decoding gives, in the
 * same order. What runs ahead depends on nothing but the record's bytes, so the number of threads
 * cannot change the result.
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

  /** What {@link #filled} holds after the last chunk. */
  private static final Future<LineChunk> END = CompletableFuture.completedFuture(null);

  private final LineReader reader;
  private final RecordProcessor processor;
  private final int batchRecords;
  private final ExecutorService reading;
  private final ExecutorService decoding;

  /** One reader per thread: readers keep per-record state and memories. */
  private final ThreadLocal<RecordDecoder.Reader> readers;

  /** Chunks to fill; their number bounds the memory read ahead. */
  private final BlockingQueue<LineChunk> free;

  /** Chunks being decoded or waiting for the caller, in file order, then {@link #END}. */
  private final BlockingQueue<Future<LineChunk>> filled;

  // The reading thread's, until it hands over END (the caller reads them after taking it).
  private long recordsSinceCommit;
  private IOException readFailure;
  private long failureLineNumber;
  private String failureTailBefore;
  private long endLineNumber;
  private long endPosition;
  private String endTail;
  private Throwable readBroken;

  private boolean ended;
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
    // The calling thread is busy too (deduplicating, storing): leave it a processor.
    int threads =
        Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors() - 1));
    int inFlight = threads + 2;
    this.free = new ArrayBlockingQueue<>(inFlight + 1);
    this.filled = new ArrayBlockingQueue<>(inFlight + 2);
    for (int i = 0; i < inFlight + 1; i++) {
      free.add(new LineChunk(chunkLines, CHUNK_BYTES));
    }
    RecordDecoder decoder = processor.decoder();
    this.readers = ThreadLocal.withInitial(decoder::newReader);
    this.decoding = IngestThreads.pool("netpol-decode-ahead", threads);
    this.reading = IngestThreads.pool("netpol-read-ahead", 1);
    reading.submit(this::readAll);
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
    if (ended) {
      return false;
    }
    Future<LineChunk> next;
    try {
      next = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    current = await(next);
    if (current == null) {
      ended = true;
      if (readBroken != null) {
        throw IngestThreads.unchecked(readBroken);
      }
      if (readFailure != null) {
        throw readFailure;
      }
      return false;
    }
    index = 0;
    return true;
  }

  /** The reading thread: fills free chunks in file order and hands each to a decoding thread. */
  private Void readAll() throws InterruptedException {
    RecordDecoder decoder = processor.decoder();
    try {
      boolean done = false;
      while (!done) {
        LineChunk chunk = free.take();
        done = fill(chunk);
        if (chunk.isEmpty()) {
          free.add(chunk);
        } else {
          filled.put(decoding.submit(() -> chunk.preparse(decoder, readers.get())));
        }
      }
    } catch (RuntimeException | Error e) {
      readBroken = e; // a bug: the caller rethrows it after the lines read before
    }
    filled.put(END);
    return null;
  }

  /** Fills {@code chunk} from the reader; true at the end of input (or where reading failed). */
  private boolean fill(LineChunk chunk) {
    try {
      while (!chunk.full()) {
        if (!reader.next()) {
          endLineNumber = reader.lineNumber;
          endPosition = reader.position;
          endTail = reader.tail.hash();
          return true;
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
      return false;
    } catch (IOException e) {
      readFailure = e;
      failureLineNumber = reader.lineNumber;
      failureTailBefore = reader.tail.savedHash();
      return true;
    }
  }

  private static LineChunk await(Future<LineChunk> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while decoding ahead");
    } catch (ExecutionException e) {
      throw IngestThreads.unchecked(e.getCause());
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
    IngestThreads.stop(true, reading, decoding);
  }
}
