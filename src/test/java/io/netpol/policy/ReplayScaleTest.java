package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.ObservedConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays stay linear in their connections: counted in selectors and rules tested, never timed. A
 * replay that looked at every namespace's policies, or at every policy of a namespace for every
 * pod, would do more work per connection as the cluster grows.
 */
class ReplayScaleTest {

  private static double workPerConnection(int namespaces) {
    GeneratedCluster cluster = GeneratedCluster.of(namespaces);
    PolicySet after = PolicySet.of(cluster.policies());
    Replay.Impact impact =
        Replay.replay(
            cluster.connections(),
            PolicySet.empty(),
            after,
            ref -> null,
            ConnectionMapping.of(Map.of()),
            new Work());
    assertTrue(impact.newlyBlocked().isEmpty(), "the policies allow exactly what was observed");
    assertEquals(cluster.connections().size(), impact.evaluated());
    return (double) impact.work().total() / impact.evaluated();
  }

  @Test
  void the_work_per_replayed_connection_does_not_grow_with_the_cluster() {
    double small = workPerConnection(4);
    double large = workPerConnection(64);
    assertTrue(small > 0, "the replay counts its work");
    assertEquals(
        small, large, 1e-9, "per connection: " + small + " at 4 namespaces, " + large + " at 64");
  }

  /**
   * Per connection, the work of a replay in which every connection becomes newly blocked: each is
   * explained (the policies that isolate it, the rules that came closest), which must look at its
   * two namespaces' policies only.
   */
  private static double workPerBlockedConnection(int namespaces) {
    GeneratedCluster cluster = GeneratedCluster.of(namespaces);
    List<ObservedConnection> elsewhere =
        cluster.connections().stream()
            .map(
                c ->
                    new ObservedConnection(
                        c.client(),
                        c.server(),
                        c.port() + 100,
                        c.protocol(),
                        c.verdict(),
                        c.count(),
                        c.firstSeenMs(),
                        c.lastSeenMs()))
            .toList();
    Replay.Impact impact =
        Replay.replay(
            elsewhere,
            PolicySet.empty(),
            PolicySet.of(cluster.policies()),
            ref -> null,
            ConnectionMapping.of(Map.of()),
            new Work());
    assertEquals(elsewhere.size(), impact.newlyBlocked().size(), "no rule allows another port");
    return (double) impact.work().total() / impact.evaluated();
  }

  @Test
  void explaining_each_newly_blocked_connection_does_not_grow_with_the_cluster() {
    double small = workPerBlockedConnection(4);
    double large = workPerBlockedConnection(64);
    assertTrue(small > workPerConnection(4), "explaining costs more than judging");
    assertEquals(
        small, large, 1e-9, "per connection: " + small + " at 4 namespaces, " + large + " at 64");
  }

  @Test
  void a_pod_is_tested_only_against_selectors_that_could_select_it() {
    GeneratedCluster cluster = GeneratedCluster.of(2);
    PolicySet set = PolicySet.of(cluster.policies());
    Work work = new Work();
    PodPeer pod = PodPeer.of(GeneratedCluster.ns(0), Map.of("app", "svc-3"));
    List<CompiledPolicy> selecting = set.selecting(pod, Direction.INGRESS, work);
    assertEquals(
        List.of("default-deny", "svc-3-ingress"),
        selecting.stream().map(p -> p.ref().name()).toList());
    // The default deny's {} and svc-3's own selector; not the other seven workloads' selectors.
    assertEquals(2, work.selectorTests());
  }
}
