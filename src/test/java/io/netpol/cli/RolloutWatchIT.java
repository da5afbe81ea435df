package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --watch} as it runs in production: a real netpol-rollout process watching the store
 * while a real observe process appends flows to it (SQLite WAL: one writer, readers beside it),
 * against the mock API server reached through a kubeconfig.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutWatchIT {
  static KubernetesMockServer server;

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;
  RolloutFixture f;
  Path kubeconfig;
  final List<JavaProcess> children = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    f = new RolloutFixture(server, dir, "rollout-plans/voting-app.yaml");
    kubeconfig = MockCluster.kubeconfig(server, dir.resolve("kubeconfig"));
  }

  @AfterEach
  void tearDown() {
    children.forEach(JavaProcess::close);
    f.close();
  }

  /** The rollout applied with the real clock, as the watching process sees time. */
  private void applyVotingData(String plan) {
    TestServices realTime =
        new TestServices() {
          @Override
          public io.fabric8.kubernetes.client.KubernetesClient kubernetes(KubeOptions options) {
            return f.services.kubernetes(options);
          }

          @Override
          public Clock clock() {
            return Clock.systemUTC();
          }
        };
    CommandHarness.rollout(
            realTime,
            "next",
            "--namespace",
            "voting-data",
            "--plan",
            plan,
            "--db",
            f.db.toString(),
            "--policies",
            f.policies.toString())
        .exits(0);
  }

  private JavaProcess watch(String plan, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                "--watch",
                "--interval",
                "1s",
                "--plan",
                plan,
                "--db",
                f.db.toString(),
                "--policies",
                f.policies.toString(),
                "--kubeconfig",
                kubeconfig.toString()));
    args.addAll(List.of(more));
    JavaProcess p = JavaProcess.start(RolloutMain.class, args);
    children.add(p);
    return p;
  }

  /** A real observe process storing {@code count} new connections of {@code kind}. */
  private void observeInChild(VotingFlows.Kind kind, int firstPort, int count) throws Exception {
    Path file = dir.resolve("live-" + firstPort + ".jsonl");
    VotingFlows.append(file, kind, firstPort, count);
    JavaProcess observe =
        JavaProcess.start(Main.class, List.of("observe", "--db", f.db.toString(), file.toString()));
    children.add(observe);
    assertEquals(0, observe.awaitExit(WAIT), observe::err);
  }

  private static boolean evaluation(String line) {
    return line.matches("^\\d{4}-\\d\\d-\\d\\dT.*");
  }

  private static final String ROLLBACKS =
      "netpol_rollout_rollbacks_total{namespace=\"voting-data\",plan=\"voting-app\"}";

  @Test
  void a_watch_rolls_a_step_back_within_two_intervals_of_denied_connections_and_exits_1()
      throws Exception {
    applyVotingData(f.plan);
    JavaProcess watch = watch(f.plan, "--rollback-on-fail", "--metrics-port", "0");
    watch.awaitOut(l -> l.contains("voting-data: soaking (enforced)"), WAIT);
    int port = watch.metricsPort(WAIT);
    assertEquals(
        0.0,
        MetricsScrape.scrape(port).get(ROLLBACKS),
        "each step's rollback counter is there from the start, so the first rollback is an"
            + " increase");

    observeInChild(VotingFlows.Kind.DENIED, 43000, 3);
    long stored = System.nanoTime();

    // The watch ends at the breach, but only once its metrics have been scraped: what the alerts
    // need to see (the failing gate, the rollback) reaches Prometheus.
    watch.awaitOut(l -> l.equals("a gate failed: the failing steps were rolled back"), WAIT);
    watch.awaitErr(l -> l.contains("until they are scraped"), WAIT);
    assertTrue(watch.alive(), "it waits for a scrape: " + watch.err());
    Map<String, Double> last = MetricsScrape.protobuf(port);
    assertEquals(1.0, last.get(ROLLBACKS), last.toString());
    assertEquals(
        1.0,
        last.get(
            "netpol_rollout_gate{gate=\"denied_connections\",namespace=\"voting-data\",netpol_rollout_gate=\"fail\",plan=\"voting-app\"}"),
        last.toString());
    assertEquals(1, watch.awaitExit(WAIT), watch::err);
    List<JavaProcess.Line> after =
        watch.out().stream().filter(l -> l.atNanos() > stored && evaluation(l.text())).toList();
    assertFalse(after.isEmpty(), "the watch evaluated after the flows were stored");
    int breach = 0;
    while (breach < after.size() && !after.get(breach).text().contains("voting-data: failing")) {
      breach++;
    }
    assertTrue(
        breach < 2,
        "the breach was seen by the first or second evaluation after the flows were stored: "
            + after.stream().map(JavaProcess.Line::text).toList());
    String out = String.join("\n", watch.out().stream().map(JavaProcess.Line::text).toList());
    assertTrue(out.contains("denied_connections 3"), out);
    assertTrue(out.contains("delete networkpolicy voting-data/netpol-recommend-default-deny"), out);
    assertTrue(out.contains("rolled back voting-app.voting-data."), out);
    assertTrue(out.endsWith("a gate failed: the failing steps were rolled back"), out);
    assertFalse(f.cluster().containsKey("voting-data/netpol-recommend-default-deny"));
    assertTrue(
        f.rollout("history").out().contains("gate failed: denied_connections 3 (limit <= 0)"),
        "the audit log says why");
  }

  @Test
  void a_breach_while_another_rollout_holds_the_lock_is_rolled_back_once_the_lock_is_free()
      throws Exception {
    applyVotingData(f.plan);
    long alive = ProcessHandle.current().pid();
    f.holdLock("voting-app", "alice@ops", alive); // alice's next is writing
    f.observe(VotingFlows.Kind.DENIED, 2);
    JavaProcess watch = watch(f.plan, "--rollback-on-fail");
    watch.awaitOut(l -> l.startsWith("not rolled back yet: another rollout"), WAIT);
    assertTrue(watch.alive(), "it keeps watching");
    assertTrue(
        f.cluster().containsKey("voting-data/netpol-recommend-default-deny"),
        "nothing rolled back yet");

    f.releaseLock("voting-app", alive);
    assertEquals(1, watch.awaitExit(WAIT), watch::err);
    String out = String.join("\n", watch.out().stream().map(JavaProcess.Line::text).toList());
    assertTrue(out.contains("locked by alice@ops"), out);
    assertTrue(out.contains("trying again in 1s"), out);
    assertTrue(out.contains("rolled back voting-app.voting-data."), out);
    assertFalse(f.cluster().containsKey("voting-data/netpol-recommend-default-deny"));
  }

  @Test
  void under_the_rate_limit_the_watch_keeps_watching_until_sigterm_stops_it_cleanly()
      throws Exception {
    Path plan = dir.resolve("rate-plan.yaml");
    Files.writeString(
        plan,
        "apiVersion: netpol-recommend.io/v1\nkind: RolloutPlan\nmetadata:\n  name: voting-rate\n"
            + "spec:\n  defaults:\n    soak: 24h\n    maxDeniedRate: 10%\n    minConnections: 20\n"
            + "  steps:\n    - namespace: voting-data\n");
    applyVotingData(plan.toString());
    JavaProcess watch = watch(plan.toString(), "--rollback-on-fail", "--metrics-port", "0");
    watch.awaitOut(l -> l.contains("voting-data: soaking (enforced)"), WAIT);

    // 2 denied of 40: 5 %, under the 10 % limit.
    observeInChild(VotingFlows.Kind.ALLOWED, 44000, 38);
    observeInChild(VotingFlows.Kind.DENIED, 44100, 2);
    long stored = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      int seen = i;
      watch.awaitOut(
          l ->
              watch.out().stream().filter(x -> x.atNanos() > stored && evaluation(x.text())).count()
                  > seen,
          WAIT);
    }
    List<String> after =
        watch.out().stream()
            .filter(l -> l.atNanos() > stored && evaluation(l.text()))
            .map(JavaProcess.Line::text)
            .toList();
    assertTrue(
        after.stream().allMatch(l -> l.contains("denied_rate 2 of 40 (5%)")), after.toString());
    assertTrue(watch.alive(), "it keeps watching");

    int port = watch.metricsPort(WAIT);
    Map<String, Double> metrics = MetricsScrape.scrape(port);
    assertEquals(
        1.0,
        metrics.get(
            "netpol_rollout_gate{gate=\"denied_rate\",namespace=\"voting-data\",netpol_rollout_gate=\"pass\",plan=\"voting-rate\"}"),
        metrics.toString());
    assertEquals(
        0.05,
        metrics.get(
            "netpol_rollout_gate_value{gate=\"denied_rate\",namespace=\"voting-data\",plan=\"voting-rate\"}"),
        1e-9);

    watch.terminate();
    int exit = watch.awaitExit(WAIT);
    assertEquals(143, exit, "ended by SIGTERM: " + watch.err());
    String last = watch.out().get(watch.out().size() - 1).text();
    assertTrue(
        last.matches("watch stopped after \\d+ evaluations"),
        () -> watch.out().stream().map(JavaProcess.Line::text).toList() + "\n" + watch.err());
    assertTrue(
        f.cluster().containsKey("voting-data/netpol-recommend-default-deny"),
        "nothing was rolled back");
  }
}
