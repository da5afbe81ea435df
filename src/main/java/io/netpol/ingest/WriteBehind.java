package io.netpol.ingest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes batches to the store on a thread of its own while the next batch is read: one write at a
 * time, in the order they were handed over, each a transaction with its read positions, so the
 * store passes through exactly the states writing on the reading thread gives. Handing over a batch
 * first waits for the one before; {@link #await} waits for the last and rethrows what failed
 * writing it. Whoever uses the store's connection in between (the next input's matching, the
 * summary) awaits first.
 */
final class WriteBehind implements AutoCloseable {
  private final ExecutorService thread = IngestThreads.pool("netpol-store-writer", 1);
  private Future<?> inFlight;

  /** Writes with {@code write} once the write before is done; rethrows what that one threw. */
  void submit(Runnable write) {
    await();
    inFlight = thread.submit(write);
  }

  /** Waits until every batch handed over is written; rethrows what writing the last one threw. */
  void await() {
    Future<?> last = inFlight;
    if (last == null) {
      return;
    }
    inFlight = null;
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
