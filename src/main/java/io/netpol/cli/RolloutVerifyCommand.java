package io.netpol.cli;

import io.netpol.metrics.RolloutMetrics;
import io.netpol.metrics.StoreMetrics;
import io.netpol.rollout.RolloutPlan;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.VerifyWatch;
import io.netpol.store.Store;
import io.netpol.store.TrafficCounts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netpol-rollout verify}, once or as a watch. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Evaluate every applied step's gates from the flows observed since it began; exit 1 when one"
          + " fails or has no evidence of traffic. Reads only the store, unless it rolls back.",
      "With --watch it keeps evaluating every --interval (run observe beside it, e.g. from Kafka,"
          + " on the same --db), prints one line per evaluation and exits 1 at the first failing"
          + " gate, after rolling the failing steps back with --rollback-on-fail. SIGTERM or SIGINT"
          + " stop it cleanly. A step without evidence is reported, never rolled back."
    })
final class RolloutVerifyCommand extends RolloutCommands.Base {
  /** The line a watch prints when it is stopped from outside. */
  static final String STOPPED = "watch stopped after %d evaluations";

  /** The line when a failing step cannot be rolled back yet; %s: why, the interval. */
  static final String LOCKED = "not rolled back yet: %s; trying again in %s";

  /** The note while the metrics of a breach wait for a scrape. */
  static final String LINGER =
      "netpol-rollout: serving the metrics of this breach until they are scraped (at most %s,"
          + " --metrics-linger)";

  /** The note when nothing scraped them. */
  static final String NOT_SCRAPED =
      "netpol-rollout: warning: nothing scraped the metrics within %s; the alerts may not have"
          + " seen this breach (see netpol-rollout history)";

  @Option(
      names = "--rollback-on-fail",
      description = "Roll back every step whose gate fails (needs the cluster).")
  boolean rollbackOnFail;

  @Option(
      names = "--dry-run",
      description = "With --rollback-on-fail: print what would be rolled back; change nothing.")
  boolean dryRun;

  @Option(names = "--watch", description = "Keep evaluating every --interval until a gate fails.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Time between evaluations of --watch (10s, 1m). Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(
      names = "--metrics-linger",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "With --metrics-port: when a failing gate ends the watch, keep serving its metrics until"
              + " they have been scraped once, at most this long, so the failing gate and the"
              + " rollback reach the alerts (0s: end at once). Default: ${DEFAULT-VALUE}.")
  Duration linger;

  @Mixin MetricsOptions metrics;
  @Mixin LockOptions lock;

  RolloutVerifyCommand(Services services) {
    super(services);
  }

  @Override
  public Integer call() {
    if ((metrics.enabled() || !interval.equals(Duration.ofMinutes(1))) && !watch) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--interval and --metrics-port go with --watch");
    }
    if (!linger.equals(Duration.ofMinutes(2)) && !metrics.enabled()) {
      throw new NetpolException(
          ExitCode.INVALID_INPUT, "--metrics-linger goes with --metrics-port");
    }
    if (interval.isZero()) {
      throw new NetpolException(ExitCode.INVALID_INPUT, "--interval must be longer than 0s");
    }
    RolloutPlan plan = rollout.readPlan();
    try (RolloutContext ctx = context()) {
      RolloutService service = ctx.service();
      return watch ? watch(plan, service) : once(plan, service);
    }
  }

  private int once(RolloutPlan plan, RolloutService service) {
    RolloutService.VerifyResult r = service.verify(plan, rollbackOnFail, dryRun, lock.breakLock);
    if (!r.anythingApplied()) {
      out()
          .println(
              String.format(
                  RolloutText.NOTHING_APPLIED,
                  plan.name(),
                  again("next", "--namespace", plan.steps().get(0).namespace())));
      out().flush();
      return ExitCode.OK.code();
    }
    RolloutText.status(out(), r.statuses());
    RolloutRollbackCommand.print(out(), r.rolledBack());
    out().println(verdict(r));
    out().flush();
    return r.healthy() ? ExitCode.OK.code() : ExitCode.FINDING.code();
  }

  private static String verdict(RolloutService.VerifyResult r) {
    if (r.healthy()) {
      boolean waiting =
          r.statuses().stream()
              .anyMatch(s -> s.phase() == io.netpol.rollout.StepStatus.Phase.NOT_ENOUGH_TRAFFIC);
      return waiting
          ? "no gate fails; a rate gate has not seen enough traffic to decide yet"
          : "all gates pass";
    }
    if (r.breached()) {
      return "a gate fails";
    }
    return "a step has no evidence of traffic or was interrupted";
  }

  private int watch(RolloutPlan plan, RolloutService service) {
    VerifyWatch w =
        new VerifyWatch(
            service, plan, interval, rollbackOnFail, dryRun, lock.breakLock, services.clock());
    PrometheusRegistry registry = new PrometheusRegistry();
    RolloutMetrics rolloutMetrics = new RolloutMetrics(registry, plan);
    CountDownLatch done = new CountDownLatch(1);
    MetricsOptions.Served served = MetricsOptions.NONE;
    if (metrics.enabled()) {
      Store reader = services.openStore(db.existing());
      StoreMetrics.register(registry, () -> new TrafficCounts(reader).read());
      served = metrics.start(registry, err(), reader);
    }
    MetricsOptions.Served endpoint = served;
    try {
      VerifyWatch.End end =
          services.untilShutdown(
              () -> {
                // SIGTERM, SIGINT: end after the evaluation in progress, and let the last lines
                // be printed before the JVM halts.
                w.stop();
                try {
                  done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              () -> {
                VerifyWatch.End e =
                    w.run(
                        new VerifyWatch.Listener() {
                          @Override
                          public void evaluated(Instant at, RolloutService.VerifyResult r) {
                            rolloutMetrics.evaluated(at, r);
                            out().println(RolloutText.watchLine(at, r.statuses()));
                            RolloutRollbackCommand.print(out(), r.rolledBack());
                            out().flush();
                          }

                          @Override
                          public void locked(
                              Instant at, RolloutService.VerifyResult r, String why) {
                            rolloutMetrics.evaluated(at, r);
                            out().println(RolloutText.watchLine(at, r.statuses()));
                            out()
                                .println(
                                    String.format(
                                        LOCKED, why, io.netpol.rollout.Durations.format(interval)));
                            out().flush();
                          }
                        });
                if (e == VerifyWatch.End.BREACH) {
                  out().println(breach());
                  out().flush();
                  linger(endpoint, w);
                }
                return e;
              });
      if (end == VerifyWatch.End.STOPPED) {
        out().println(String.format(STOPPED, w.evaluations()));
        out().flush();
        return ExitCode.OK.code();
      }
      return ExitCode.FINDING.code();
    } finally {
      endpoint.close();
      done.countDown();
    }
  }

  private String breach() {
    return !rollbackOnFail
        ? "a gate fails"
        : dryRun
            ? "a gate fails: dry run, nothing was rolled back"
            : "a gate failed: the failing steps were rolled back";
  }

  /** Keeps serving the metrics of the breach until they were scraped, at most --metrics-linger. */
  private void linger(MetricsOptions.Served endpoint, VerifyWatch w) {
    if (!metrics.enabled() || linger.isZero()) {
      return;
    }
    err().println(String.format(LINGER, io.netpol.rollout.Durations.format(linger)));
    err().flush();
    if (!endpoint.awaitScrape(linger, w::stopRequested) && !w.stopRequested()) {
      err().println(String.format(NOT_SCRAPED, io.netpol.rollout.Durations.format(linger)));
      err().flush();
    }
  }
}
