package io.netpol.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code verify --watch}: evaluates the gates every interval from the store (which an observe
 * process beside it keeps feeding) until a gate fails or it is stopped. On a failure it rolls the
 * failing steps back first when asked to (or says what it would with a dry run); while another
 * rollout holds the lock it says so and tries again at the next evaluation.
 */
public final class VerifyWatch {

  /** How a watch ended. */
  public enum End {
    /** A gate failed (and the failing steps were rolled back when asked). */
    BREACH,
    /** Stopped from outside (SIGTERM, SIGINT). */
    STOPPED
  }

  /** Told about every evaluation. */
  @FunctionalInterface
  public interface Listener {
    void evaluated(Instant at, RolloutService.VerifyResult result);

    /**
     * A gate fails but another rollout holds the lock ({@code why}): nothing was rolled back, the
     * next evaluation tries again.
     */
    default void locked(Instant at, RolloutService.VerifyResult result, String why) {
      evaluated(at, result);
    }
  }

  private final RolloutService service;
  private final RolloutPlan plan;
  private final Duration interval;
  private final boolean rollbackOnFail;
  private final boolean dryRun;
  private final boolean breakLock;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile long evaluations;

  public VerifyWatch(
      RolloutService service,
      RolloutPlan plan,
      Duration interval,
      boolean rollbackOnFail,
      boolean dryRun,
      boolean breakLock,
      Clock clock) {
    this.service = service;
    this.plan = plan;
    this.interval = interval;
    this.rollbackOnFail = rollbackOnFail;
    this.dryRun = dryRun;
    this.breakLock = breakLock;
    this.clock = clock;
  }

  /** Evaluates now and then every interval; returns at the first failing gate or when stopped. */
  public End run(Listener listener) {
    try {
      while (true) {
        RolloutService.VerifyResult r;
        try {
          r = service.verify(plan, rollbackOnFail, dryRun, breakLock);
        } catch (RolloutService.LockedException e) {
          // Someone's next, promote or rollback is writing: roll back once it is done.
          evaluations++;
          listener.locked(
              clock.instant(), service.verify(plan, false, dryRun, false), e.getMessage());
          r = null;
        }
        if (r != null) {
          evaluations++;
          listener.evaluated(clock.instant(), r);
          if (r.breached()) {
            return End.BREACH;
          }
        }
        if (stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
          return End.STOPPED;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return End.STOPPED;
    }
  }

  /** Asks the watch to end after the evaluation in progress. */
  public void stop() {
    stop.countDown();
  }

  /** Whether {@link #stop()} was called. */
  public boolean stopRequested() {
    return stop.getCount() == 0;
  }

  public long evaluations() {
    return evaluations;
  }
}
