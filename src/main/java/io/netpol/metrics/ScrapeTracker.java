package io.netpol.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Knows when a scrape has been answered: a collector in the registry notes, on the thread serving
 * the request, which wait it reads for; the HTTP server's executor, once that request is written,
 * tells the waiters. So a process about to end can wait until its last state has reached the
 * scraper, not just until a scrape began.
 */
final class ScrapeTracker {
  /** The latest wait asked for; a scrape that reads the registry after it answers it. */
  private final AtomicLong asked = new AtomicLong();

  private final Object answeredLock = new Object();
  private long answered;

  /** The wait the scrape on this thread read the registry for (null: none on this thread). */
  private final ThreadLocal<Long> reading = new ThreadLocal<>();

  /** Registered in the registry: serves nothing, notes the read. */
  final MultiCollector collector =
      new MultiCollector() {
        @Override
        public MetricSnapshots collect() {
          reading.set(asked.get());
          return MetricSnapshots.of();
        }
      };

  /** The executor the HTTP server answers requests on. */
  ExecutorService executor() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "netpol-metrics");
              t.setDaemon(true);
              return t;
            }) {
          @Override
          protected void beforeExecute(Thread t, Runnable r) {
            reading.remove();
          }

          @Override
          protected void afterExecute(Runnable r, Throwable failed) {
            Long read = reading.get();
            reading.remove();
            if (read != null && failed == null) {
              synchronized (answeredLock) {
                answered = Math.max(answered, read);
                answeredLock.notifyAll();
              }
            }
          }
        };
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Waits until a scrape that read the registry after this call has been answered, at most {@code
   * max}, or until {@code stop} says to give up (looked at every 100 ms).
   *
   * @return whether such a scrape was answered
   */
  boolean awaitScrape(Duration max, BooleanSupplier stop) {
    long wait = asked.incrementAndGet();
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (answeredLock) {
      while (answered < wait) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || stop.getAsBoolean()) {
          return false;
        }
        try {
          answeredLock.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
