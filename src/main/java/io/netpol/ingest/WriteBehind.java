package io.netpol.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes batches to the store on a thread of its own while the next batch is read: one write at a
 * time, in the order they were handed over, each a transaction with its read positions, so the
 * store passes through exactly the states writing on the reading thread gives. Handing over a batch
 * waits while as many as may wait are still to be written; {@link #await} waits for all of them and
 * rethrows what failed writing one. After a failed write, the batches handed over after it are not
 * written. Whoever uses the store's connection in between (the next input's matching, the summary)
 * awaits first.
 */
final class WriteBehind implements AutoCloseable {
  private final ExecutorService thread = IngestThreads.pool("netpol-store-writer", 1);
  private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
  private final int waiting;

  /**
   * @param waiting batches handed over and not yet written, at most; the next one is read meanwhile
   */
  WriteBehind(int waiting) {
    this.waiting = waiting;
  }

  /**
   * Writes with {@code write} after the writes handed over before; first waits while as many as may
   * wait are not written yet, and rethrows what writing one threw.
   */
  void submit(Runnable write) {
    while (pending.size() >= waiting) {
      await(pending.poll());
    }
    pending.add(
        thread.submit(
            () -> {
              if (failed) {
                return; // what comes after a batch that is not in the store must not be either
              }
              try {
                write.run();
              } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
              }
            }));
  }

  /** Set by the writing thread when a write failed. */
  private volatile boolean failed;

  /** Waits until every batch handed over is written; rethrows what writing one threw. */
  void await() {
    while (!pending.isEmpty()) {
      await(pending.poll());
    }
  }

  private static void await(Future<?> last) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          last.get();
          return;
        } catch (InterruptedException e) {
          // The write is a transaction under way: it ends either way, and must be waited for.
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      throw IngestThreads.unchecked(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the last write (its failure is the caller's to have awaited) and ends the thread. */
  @Override
  public void close() {
    try {
      await();
    } finally {
      IngestThreads.stop(false, thread);
    }
  }
}
