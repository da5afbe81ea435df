package io.netpol.ingest;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Reads the records of a message broker's poll ahead on other threads (the first half of decoding,
 * {@link RecordReader}), while the consumer's thread finishes each message in order ({@link
 * RecordProcessor#message(byte[], String)}): every partition of the poll is read ahead together,
 * and the deduplication, the batch and the commits with their offsets stay on the consumer's
 * thread, so results and commits are those of reading each message there. Each message is read by
 * exactly one thread, whichever claims it first; the consumer's thread reads the one it needs next
 * when no thread has begun it, so it never waits for work not under way.
 *
 * <p>One per consumer; {@link #close} stops its threads.
 */
public final class MessagesAhead implements AutoCloseable {
  private static final int MAX_THREADS = 4;
  private static final int PENDING = 0;
  private static final int CLAIMED = 1;
  private static final int READ = 2;

  private final ExecutorService helpers;
  private final ThreadLocal<RecordReader> readers;
  private final Object lock = new Object();
  private volatile Poll current; // written under lock
  private boolean closed; // guarded by lock

  /** The messages of one poll, their claims and what was read of them. */
  private static final class Poll {
    final List<byte[]> values;
    final MessageRecords.Ahead[] read;
    final AtomicIntegerArray state;
    final AtomicInteger next = new AtomicInteger();
    int taken;

    Poll(List<byte[]> values) {
      this.values = values;
      this.read = new MessageRecords.Ahead[values.size()];
      this.state = new AtomicIntegerArray(values.size());
    }
  }

  /** Reads ahead as {@code options} say records are read. */
  public MessagesAhead(IngestOptions options) {
    RecordDecoder decoder = new RecordDecoder(options.format(), options.labelPolicy());
    this.readers = ThreadLocal.withInitial(decoder::newReader);
    int threads = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    this.helpers = IngestThreads.pool("netpol-decode-ahead", threads);
    for (int i = 0; i < threads; i++) {
      helpers.submit(this::help);
    }
  }

  /**
   * Starts reading the messages of a poll ahead, in the order they will be finished; a null value
   * (a record too large to read) is not read. The poll before is given up.
   */
  public void poll(List<byte[]> values) {
    synchronized (lock) {
      current = new Poll(values);
      lock.notifyAll();
    }
  }

  /**
   * The records of {@code value} as read ahead, if it is the next message of the poll (or comes
   * later in it: the ones before were not finished); else null (read it on this thread).
   */
  MessageRecords.Ahead take(byte[] value) {
    Poll poll = current;
    if (poll == null) {
      return null;
    }
    int i = poll.taken;
    while (i < poll.values.size() && poll.values.get(i) != value) {
      i++;
    }
    if (i == poll.values.size()) {
      return null;
    }
    poll.taken = i + 1;
    RecordReader reader = readers.get();
    if (poll.state.compareAndSet(i, PENDING, CLAIMED)) {
      read(poll, i, reader);
    } else {
      int size = poll.values.size();
      for (int spins = 0; poll.state.get(i) != READ; spins++) {
        // While another thread reads it, read the next messages no thread has begun.
        int next = poll.next.get() < size ? poll.next.getAndIncrement() : size;
        if (next < size) {
          claimAndRead(poll, next, reader);
        } else if (spins < 200) {
          Thread.onSpinWait(); // a message takes microseconds
        } else {
          Thread.yield(); // the thread reading it waits for a processor
        }
      }
    }
    return poll.read[i];
  }

  private Void help() {
    RecordReader reader = readers.get();
    Poll seen = null;
    while (true) {
      Poll poll;
      synchronized (lock) {
        while (!closed && (current == null || current == seen)) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return null;
          }
        }
        if (closed) {
          return null;
        }
        poll = current;
      }
      int i;
      while ((i = poll.next.getAndIncrement()) < poll.values.size()) {
        claimAndRead(poll, i, reader);
      }
      seen = poll;
    }
  }

  /** Reads message {@code i} unless it is not to be read or another thread claimed it. */
  private static void claimAndRead(Poll poll, int i, RecordReader reader) {
    if (poll.values.get(i) != null && poll.state.compareAndSet(i, PENDING, CLAIMED)) {
      read(poll, i, reader);
    }
  }

  private static void read(Poll poll, int i, RecordReader reader) {
    byte[] value = poll.values.get(i);
    try {
      poll.read[i] = value.length == 0 ? null : MessageRecords.readAhead(value, reader);
    } finally {
      poll.state.set(i, READ);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    IngestThreads.stop(true, helpers);
  }
}
