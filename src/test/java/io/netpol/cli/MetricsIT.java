package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code observe --metrics-port}: a real long-running observe (reading a stream that stays open, as
 * from Kafka) serves what it read, skipped and stored, and the store's connections per namespace,
 * to a scraper over HTTP.
 */
class MetricsIT {
  @TempDir Path dir;

  @Test
  void a_metrics_port_in_use_is_one_clear_error() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      CommandHarness.Result r =
          CommandHarness.run(
                  TestServices.withStdin(""),
                  "observe",
                  "--db",
                  dir.resolve("n.db").toString(),
                  "--metrics-port",
                  Integer.toString(taken.getLocalPort()),
                  "-")
              .exits(2);
      assertTrue(
          r.err().contains("cannot serve metrics on port " + taken.getLocalPort())
              && r.err().contains("pick another --metrics-port (0 takes any free one)"),
          r::toString);
    }
  }

  @Test
  void interval_and_metrics_port_go_with_watch() {
    CommandHarness.Result r =
        CommandHarness.rollout(
                new TestServices(),
                "verify",
                "--interval",
                "5s",
                "--plan",
                "rollout-plans/voting-app.yaml")
            .exits(2);
    assertTrue(r.err().contains("--interval and --metrics-port go with --watch"), r::toString);
  }

  @Test
  void metrics_linger_goes_with_metrics_port() {
    CommandHarness.Result r =
        CommandHarness.rollout(
                new TestServices(),
                "verify",
                "--watch",
                "--metrics-linger",
                "30s",
                "--plan",
                "rollout-plans/voting-app.yaml")
            .exits(2);
    assertTrue(r.err().contains("--metrics-linger goes with --metrics-port"), r::toString);
  }
}
