package io.netpol.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * {@code netpol-rollout} exactly as {@link RolloutMain} runs it, but at the moment a test scenario
 * names: a rollout's soak of a day passes between two commands in no time. The moment is the system
 * property {@value #NOW} (ISO-8601); with {@value #RUNNING} {@code true} the clock runs on from it
 * (a watch's evaluations are a second apart), else it stands still.
 */
public final class ClockedRolloutMain {
  public static final String NOW = "netpol.test.now";
  public static final String RUNNING = "netpol.test.clock-running";

  private ClockedRolloutMain() {}

  public static void main(String[] args) {
    Instant now = Instant.parse(System.getProperty(NOW));
    Clock clock =
        Boolean.getBoolean(RUNNING)
            ? Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), now))
            : Clock.fixed(now, ZoneOffset.UTC);
    Services services =
        new Services() {
          @Override
          public Clock clock() {
            return clock;
          }
        };
    OutOfMemory.onEveryThread("netpol-rollout");
    System.exit(Main.commandLine(new RolloutCommand(), services).execute(args));
  }
}
