package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.recommend.PeerKind;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.RecommendInput;
import io.netpol.recommend.RecommendOptions;
import io.netpol.recommend.Recommender;
import io.netpol.render.PolicyDocuments;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProposalTreeTest {

  static ObservedConnection conn(Endpoint a, Endpoint b, int port, Protocol p) {
    return new ObservedConnection(a, b, port, p, Verdict.ALLOWED, 3, 1_000, 2_000);
  }

  @Test
  void the_document_built_from_the_model_is_the_one_of_its_network_policy() {
    Endpoint hub = Endpoint.pod("platform", "auth", Map.of("app", "auth"));
    List<ObservedConnection> cs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cs.add(
          conn(
              Endpoint.pod("team-a", "svc-" + i, Map.of("app", "svc-" + i)),
              hub,
              8443,
              Protocol.TCP));
      cs.add(
          conn(
              Endpoint.pod("platform", "w-" + i, Map.of("app", "w-" + i)),
              hub,
              8443,
              Protocol.TCP));
    }
    cs.add(
        conn(
            Endpoint.pod("team-b", "one", Map.of("app", "one", "tier", "x")),
            hub,
            9000,
            Protocol.TCP));
    cs.add(conn(Endpoint.world(null, null), hub, 443, Protocol.TCP));
    cs.add(conn(hub, Endpoint.network(null, "pvt", null), 5432, Protocol.TCP));
    cs.add(conn(hub, Endpoint.host("172.18.0.12", null), 9100, Protocol.TCP));
    cs.add(
        conn(
            hub,
            Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns")),
            53,
            Protocol.UDP));
    Set<PeerKind> kinds = EnumSet.noneOf(PeerKind.class);
    for (RecommendOptions.Grouping g : RecommendOptions.Grouping.values()) {
      Proposal p =
          Recommender.propose(RecommendInput.of(cs), RecommendOptions.defaults().withGrouping(g));
      for (ProposedPolicy policy : (Iterable<ProposedPolicy>) p.stream()::iterator) {
        assertEquals(
            PolicyDocuments.yaml(policy.toNetworkPolicy()),
            PolicyDocuments.yaml(ProposalTree.of(policy)),
            policy.name());
        policy.ingress().forEach(r -> r.peers().forEach(x -> kinds.add(x.kind())));
        policy.egress().forEach(r -> r.peers().forEach(x -> kinds.add(x.kind())));
      }
    }
    assertTrue(
        kinds.containsAll(
            Set.of(
                PeerKind.POD,
                PeerKind.NAMESPACE,
                PeerKind.PUBLIC_INTERNET,
                PeerKind.PRIVATE_NETWORK,
                PeerKind.NODE)),
        kinds::toString);
  }
}
