package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private static final Endpoint API = Endpoint.pod("shop", "api", Map.of("app", "api"));
  private static final Endpoint DB = Endpoint.pod("shop", "db", Map.of("app", "db"));

  private static ObservedConnection conn(
      Endpoint c, Endpoint s, int port, io.netpol.flow.Protocol p, Verdict v) {
    return new ObservedConnection(c, s, port, p, v, 3, 1000, 2000);
  }

  private static final PolicySet DENY_ALL_INGRESS =
      PolicySet.of(
          List.of(
              new NetworkPolicyBuilder()
                  .withNewMetadata()
                  .withName("deny")
                  .withNamespace("shop")
                  .endMetadata()
                  .withNewSpec()
                  .withNewPodSelector()
                  .endPodSelector()
                  .withPolicyTypes("Ingress")
                  .endSpec()
                  .build()));

  @Test
  void allowed_traffic_a_new_policy_denies_is_newly_blocked_and_denied_traffic_is_not() {
    List<ObservedConnection> observed =
        List.of(
            conn(API, DB, 5432, io.netpol.flow.Protocol.TCP, Verdict.ALLOWED),
            conn(DB, API, 9999, io.netpol.flow.Protocol.TCP, Verdict.DENIED));
    Replay.Impact impact =
        Replay.replay(
            observed, PolicySet.empty(), DENY_ALL_INGRESS, ConnectionMapping.of(Map.of()));
    assertEquals(1, impact.newlyBlocked().size());
    assertEquals(observed.get(0), impact.newlyBlocked().get(0).connection());
    assertEquals(2, impact.evaluated());
  }

  @Test
  void loosening_shows_as_newly_allowed() {
    List<ObservedConnection> observed =
        List.of(conn(API, DB, 5432, io.netpol.flow.Protocol.TCP, Verdict.DENIED));
    Replay.Impact impact =
        Replay.replay(
            observed, DENY_ALL_INGRESS, PolicySet.empty(), ConnectionMapping.of(Map.of()));
    assertEquals(1, impact.newlyAllowed().size());
    assertTrue(impact.newlyBlocked().isEmpty());
  }

  @Test
  void own_node_probes_are_always_allowed_and_icmp_is_not_evaluable() {
    List<ObservedConnection> observed =
        List.of(
            conn(Endpoint.ownNodeHost(), DB, 5432, io.netpol.flow.Protocol.TCP, Verdict.ALLOWED),
            conn(API, DB, 0, io.netpol.flow.Protocol.ICMP, Verdict.ALLOWED));
    Replay.Impact impact =
        Replay.replay(
            observed, PolicySet.empty(), DENY_ALL_INGRESS, ConnectionMapping.of(Map.of()));
    assertTrue(impact.newlyBlocked().isEmpty());
    assertEquals(0, impact.evaluated());
    assertEquals(Map.of("ICMP cannot be selected by NetworkPolicy", 1), impact.notEvaluated());
  }
}
