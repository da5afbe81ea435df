package io.netpol.ingest;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads lines ahead and does the costly part of decoding them (the read of a Hubble flow and the
 * checks of its addresses, {@link RecordReader#json}) on other threads, so both overlap with
 * deduplicating and storing. The caller sees the lines in file order, one at a time, with
 * everything {@link LineReader} would have told it, and {@link #decode finishes decoding} each
 * record itself: the decoder's caches (known endpoints, learned workload names), the tracker, the
 * batch and the report stay on the caller's thread and see what sequential decoding gives, in the
 * same order. What runs ahead depends on nothing but the record's bytes, so the number of threads
 * cannot change the result.
 *
 * <p>The work is shared, not staged: the helping threads fill free chunks from the reader (one at a
 * time, in file order) and read the records of filled ones ahead; the caller takes whatever it
 * needs next that no thread has begun (the next chunk from the reader, a record not yet claimed).
 * So on a busy machine, where a helper may wait long for a processor, the caller never waits for
 * work that has not begun, only for a record or chunk under way.
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

  /**
   * Chunks read ahead at most (memory): enough to ride out a helper waiting for a processor, and
   * few enough that what is read ahead dies young. A Calico record read is a Jackson tree several
   * times its line's size; with ten chunks ahead the trees outlived several young collections, were
   * promoted, and a full collection every second took half of the CPU.
   */
  private static final int CHUNKS = 3;

  private final RecordProcessor processor;
  private final RecordDecoder decoder;
  private final ExecutorService helpers;

  /** One reader per thread: readers keep per-record state and memories. */
  private final ThreadLocal<RecordReader> readers;

  /** Held while a chunk is filled: the reader and what follows from it are the holder's. */
  private final ReentrantLock reading = new ReentrantLock();

  private final LineReader reader;
  private final int batchRecords;
  private long recordsSinceCommit;

  /** Guards the chunks and the end of input; notified when there is new work or room for it. */
  private final Object chunks = new Object();

  private final ArrayDeque<LineChunk> free = new ArrayDeque<>();

  /** Filled, in file order, not yet taken by the caller. */
  private final ArrayDeque<LineChunk> filled = new ArrayDeque<>();

  /** Filled, in file order, with records not yet claimed; with the claims of that fill. */
  private final ArrayDeque<LineChunk> toRead = new ArrayDeque<>();

  private final ArrayDeque<LineChunk.Claims> toReadClaims = new ArrayDeque<>();

  private boolean readerDone;
  private boolean closed;

  // Written by the thread that reached the end, read by the caller after it took the last chunk.
  private IOException readFailure;
  private long failureLineNumber;
  private String failureTailBefore;
  private long endLineNumber;
  private long endPosition;
  private String endTail;
  private Throwable readBroken;

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
    this.decoder = processor.decoder();
    this.batchRecords = batchRecords;
    this.recordsSinceCommit = recordsInBatch;
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new LineChunk(chunkLines, CHUNK_BYTES));
    }
    this.readers = ThreadLocal.withInitial(decoder::newReader);
    int threads = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    this.helpers = IngestThreads.pool("netpol-decode-ahead", threads);
    for (int i = 0; i < threads; i++) {
      helpers.submit(this::help);
    }
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
    synchronized (chunks) {
      if (current != null) {
        current.clear();
        free.add(current);
        current = null;
        chunks.notifyAll();
      }
    }
    while (true) {
      synchronized (chunks) {
        current = filled.poll();
        if (current != null) {
          index = 0;
          return true;
        }
        if (readerDone) {
          if (readBroken != null) {
            throw IngestThreads.unchecked(readBroken);
          }
          if (readFailure != null) {
            throw readFailure;
          }
          return false;
        }
      }
      // Nothing filled: read the next chunk here, unless a helper was reading it meanwhile.
      reading.lock();
      try {
        boolean filledMeanwhile;
        synchronized (chunks) {
          filledMeanwhile = !filled.isEmpty();
        }
        if (!filledMeanwhile) {
          fillOne();
        }
      } finally {
        reading.unlock();
      }
    }
  }

  /** A helping thread: fills chunks and reads records ahead until closed. */
  private Void help() {
    RecordReader mine = readers.get();
    while (true) {
      LineChunk chunk = null;
      LineChunk.Claims claims = null;
      synchronized (chunks) {
        while (true) {
          if (closed) {
            return null;
          }
          // Keep a chunk or two filled ahead; else read records ahead; else fill further.
          boolean canFill = !readerDone && !free.isEmpty() && !reading.isLocked();
          if (canFill && filled.size() < 2) {
            break;
          }
          while (!toRead.isEmpty() && toRead.peek().allClaimed(toReadClaims.peek())) {
            toRead.poll();
            toReadClaims.poll();
          }
          if (!toRead.isEmpty()) {
            chunk = toRead.peek();
            claims = toReadClaims.peek();
            break;
          }
          if (canFill) {
            break;
          }
          try {
            chunks.wait();
          } catch (InterruptedException e) {
            return null; // closing
          }
        }
      }
      if (chunk != null) {
        chunk.readAhead(claims, mine);
      } else if (reading.tryLock()) {
        try {
          fillOne();
        } finally {
          reading.unlock();
        }
      }
    }
  }

  /** With {@link #reading} held: fills a free chunk from the reader and hands it over. */
  private void fillOne() {
    LineChunk chunk;
    synchronized (chunks) {
      if (readerDone || closed) {
        return;
      }
      chunk = free.poll();
    }
    if (chunk == null) {
      return; // the caller holds every chunk not yet taken; it frees one before it asks again
    }
    boolean done;
    try {
      done = fill(chunk);
    } catch (RuntimeException | Error e) {
      readBroken = e; // a bug: the caller rethrows it after the lines read before
      done = true;
    }
    synchronized (chunks) {
      if (chunk.isEmpty()) {
        free.add(chunk);
      } else {
        toRead.add(chunk);
        toReadClaims.add(chunk.open());
        filled.add(chunk);
      }
      readerDone = done;
      chunks.notifyAll();
    }
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

  /**
   * Finishes decoding the current record into the processor, as {@link RecordProcessor#decodeJson}
   * does.
   */
  DecodeResult decode() {
    return current.decode(index, processor, readers.get());
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
    synchronized (chunks) {
      closed = true;
      chunks.notifyAll();
    }
    IngestThreads.stop(true, helpers);
  }
}
