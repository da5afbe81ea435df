package io.netpol.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The threads reading runs on besides the caller's: daemons (a run that ends abnormally never waits
 * for them), named for what they do, and stopped together with the read that started them.
 */
final class IngestThreads {
  private IngestThreads() {}

  /** A pool of {@code threads} threads called {@code name}. */
  static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Stops the pools ({@code interrupt}: their tasks are interrupted; else they finish what they
   * were given) and waits until their threads have ended, even when interrupted meanwhile (the
   * interrupt is kept).
   */
  static void stop(boolean interrupt, ExecutorService... pools) {
    boolean interrupted = false;
    for (ExecutorService pool : pools) {
      if (interrupt) {
        pool.shutdownNow();
      } else {
        pool.shutdown();
      }
    }
    for (ExecutorService pool : pools) {
      while (true) {
        try {
          if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What a task threw, to rethrow on the thread that waited for it: an error is thrown here, a
   * runtime exception returned, anything else wrapped.
   */
  static RuntimeException unchecked(Throwable thrown) {
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(thrown);
  }
}
