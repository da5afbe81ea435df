package io.netpol.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One rollout test's world: the voting app's cluster seeded on the mock API server, a store that
 * observed the shipped sample, the policies propose wrote from it, and the plan; commands run
 * in-process with a clock the test moves.
 */
final class RolloutFixture implements AutoCloseable {
  static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";

  final KubernetesClient client;
  final TestServices services;
  final Path dir;
  final Path db;
  final Path policies;
  final String plan;
  private int port = 41000;

  RolloutFixture(KubernetesMockServer server, Path dir, String plan) {
    this.client = VotingCluster.patient(server.createClient());
    this.services =
        new TestServices() {
          @Override
          public KubernetesClient kubernetes(KubeOptions options) {
            return VotingCluster.patient(server.createClient());
          }
        };
    this.dir = dir;
    this.db = dir.resolve("netpol.db");
    this.policies = dir.resolve("policies");
    this.plan = plan;
    VotingCluster.seed(client);
    CommandHarness.run(services, "observe", "--db", db.toString(), SAMPLE).exits(0);
    CommandHarness.run(services, "propose", "--db", db.toString(), "--out", policies.toString())
        .exits(0);
  }

  /** Runs netpol-rollout with the plan, the store and the policies. */
  CommandHarness.Result rollout(String... args) {
    return CommandHarness.rollout(
        services,
        CommandHarness.concat(
            args, "--plan", plan, "--db", db.toString(), "--policies", policies.toString()));
  }

  /** Stores {@code count} new connections api -> postgres of {@code kind}. */
  void observe(VotingFlows.Kind kind, int count) {
    Path file = dir.resolve("flows-" + port + ".jsonl");
    port = VotingFlows.append(file, kind, port, count);
    CommandHarness.run(services, "observe", "--db", db.toString(), file.toString()).exits(0);
  }

  /**
   * Takes plan {@code planName}'s lock as another rollout would: {@code holder}, process {@code
   * pid} on this host.
   */
  void holdLock(String planName, String holder, long pid) {
    try (var store = io.netpol.store.Store.open(db)) {
      org.junit.jupiter.api.Assertions.assertTrue(
          store
              .rollouts()
              .lock(planName, holder, io.netpol.rollout.RolloutService.host(), pid, 0, false)
              .isEmpty(),
          "the lock was free");
    }
  }

  /** Lets go of the lock {@link #holdLock} took. */
  void releaseLock(String planName, long pid) {
    try (var store = io.netpol.store.Store.open(db)) {
      store.rollouts().unlock(planName, pid);
    }
  }

  /** Every policy in the cluster, staged ones too. */
  Map<String, String> cluster() {
    return VotingCluster.policies(client);
  }

  @Override
  public void close() {
    client.close();
  }
}
