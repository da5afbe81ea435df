package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.Recommender;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes the namespaces the recommender hands over on a thread of its own, in the order they came,
 * while the next ones are proposed: on two cores the writing costs no time of its own. At most
 * {@value #AHEAD} namespaces wait to be written, so memory stays that of a few namespaces; a
 * failure of the writing surfaces on the proposing thread at the next hand-over, as it would have
 * there.
 */
final class WritingThread implements Recommender.NamespaceSink, AutoCloseable {

  /** Namespaces handed over and not yet written, at most. */
  static final int AHEAD = 2;

  private final Recommender.NamespaceSink sink;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "propose-writer");
            t.setDaemon(true);
            return t;
          });
  private final Deque<Future<?>> pending = new ArrayDeque<>();
  private long nanos;
  private long cpuNanos;

  WritingThread(Recommender.NamespaceSink sink) {
    this.sink = sink;
  }

  @Override
  public void accept(String namespace, List<ProposedPolicy> policies) {
    pending.add(
        thread.submit(
            () -> {
              long start = System.nanoTime();
              long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
              sink.accept(namespace, policies);
              cpuNanos += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
              nanos += System.nanoTime() - start;
            }));
    while (pending.size() > AHEAD) {
      await(pending.removeFirst());
    }
  }

  /** Waits until everything handed over is written; then {@link #nanos} and {@link #cpuNanos}. */
  void drain() {
    while (!pending.isEmpty()) {
      await(pending.removeFirst());
    }
  }

  /** Time the writing took, on its thread (read after {@link #drain}). */
  long nanos() {
    return nanos;
  }

  /** CPU time of the writing thread (read after {@link #drain}). */
  long cpuNanos() {
    return cpuNanos;
  }

  private static void await(Future<?> written) {
    try {
      written.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetpolException(ExitCode.INTERNAL, "interrupted while writing the policies", e);
    }
  }

  /** Stops the thread: after a failure, what was handed over is not written. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
