package io.netpol.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netpol.policy.GeneratedCluster;
import io.netpol.policy.Ownership;
import io.netpol.policy.Work;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The pre-flight replay of one step: the cluster as the step leaves it, at the step's scale. */
class PreflightTest {
  private static final String NS = GeneratedCluster.ns(0);

  /** A step rolling out {@code NS}'s policies as the tool's own, in a cluster of that size. */
  private static Preflight.Inputs step(int namespaces) {
    GeneratedCluster cluster = GeneratedCluster.of(namespaces);
    List<NetworkPolicy> proposal =
        cluster.policies().stream()
            .filter(p -> p.getMetadata().getNamespace().equals(NS))
            .map(
                p ->
                    new NetworkPolicyBuilder(p)
                        .editMetadata()
                        .addToLabels(Ownership.LABEL, Ownership.OWNER)
                        .endMetadata()
                        .build())
            .toList();
    Map<String, Map<String, String>> labels = new TreeMap<>();
    for (int n = 0; n < namespaces; n++) {
      labels.put(GeneratedCluster.ns(n), Map.of());
    }
    return new Preflight.Inputs(
        NS,
        proposal,
        cluster.policies(),
        labels,
        List.of(),
        cluster.connections(),
        false,
        Set.of());
  }

  private static Set<String> namespacesOf(List<NetworkPolicy> policies) {
    Set<String> out = new TreeSet<>();
    policies.forEach(p -> out.add(p.getMetadata().getNamespace()));
    return out;
  }

  @Test
  void the_replay_reads_only_the_namespaces_the_steps_connections_reach() {
    for (int size : new int[] {4, 64}) {
      Preflight.Inputs in = step(size);
      assertEquals(
          Set.of(NS, GeneratedCluster.ns(1), GeneratedCluster.ns(size - 1)),
          namespacesOf(Preflight.relevant(in)),
          "at " + size + " namespaces");
    }
  }

  @Test
  void the_replay_of_a_step_does_the_same_work_in_a_small_and_a_large_cluster() {
    long[] work = new long[2];
    int i = 0;
    for (int size : new int[] {4, 64}) {
      Preflight.Inputs in = step(size);
      Work counted = new Work();
      List<String> blocked = Preflight.replay(in, Preflight.afterState(in), counted);
      assertTrue(blocked.isEmpty(), blocked::toString);
      work[i++] = counted.total();
    }
    assertTrue(work[0] > 0);
    assertEquals(work[0], work[1], "selectors and rules tested at 4 and at 64 namespaces");
  }
}
