package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.Ingestor;
import io.netpol.ingest.ProgressListener;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped voting-app sample: the documented seven flows pass, the rest is blocked. */
class VotingAppProposalTest {

  static Proposal proposal;
  static List<ObservedConnection> observed;
  static PolicyCheck check;

  // Labels after a redeploy: new pod-template-hash / controller-revision-hash values.
  static final Endpoint INGRESS =
      pod(
          "ingress-nginx",
          "ingress-nginx-controller",
          Map.of(
              "app.kubernetes.io/name",
              "ingress-nginx",
              "app.kubernetes.io/component",
              "controller",
              "app.kubernetes.io/instance",
              "ingress-nginx",
              "pod-template-hash",
              "new1"));
  static final Endpoint FRONTEND =
      pod(
          "voting-frontend",
          "frontend",
          Map.of(
              "app.kubernetes.io/name",
              "frontend",
              "app.kubernetes.io/part-of",
              "voting-app",
              "pod-template-hash",
              "new2"));
  static final Endpoint API =
      pod(
          "voting-api",
          "api",
          Map.of(
              "app.kubernetes.io/name",
              "api",
              "app.kubernetes.io/part-of",
              "voting-app",
              "pod-template-hash",
              "new3"));
  static final Endpoint CONSUMER =
      pod(
          "voting-consumer",
          "consumer",
          Map.of(
              "app.kubernetes.io/name",
              "consumer",
              "app.kubernetes.io/part-of",
              "voting-app",
              "pod-template-hash",
              "new4"));
  static final Endpoint REDIS =
      pod(
          "voting-data",
          "redis",
          Map.of(
              "app.kubernetes.io/name",
              "redis",
              "app.kubernetes.io/part-of",
              "voting-app",
              "controller-revision-hash",
              "redis-new",
              "statefulset.kubernetes.io/pod-name",
              "redis-1"));
  static final Endpoint POSTGRES =
      pod(
          "voting-data",
          "postgres",
          Map.of(
              "app.kubernetes.io/name",
              "postgresql",
              "app.kubernetes.io/part-of",
              "voting-app",
              "controller-revision-hash",
              "pg-new",
              "statefulset.kubernetes.io/pod-name",
              "postgres-1"));
  static final Endpoint DNS =
      pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns", "pod-template-hash", "new5"));

  @BeforeAll
  static void propose(@TempDir Path tmp) {
    try (Store store = Store.open(tmp.resolve("netpol.db"))) {
      new Ingestor(store, IngestOptions.defaults(), ProgressListener.NONE)
          .run(
              List.of("collectors/samples/voting-app-hubble.jsonl"),
              new ByteArrayInputStream(new byte[0]));
      EdgeReader edges = store.edges();
      EdgeReader.Observations read = edges.observations(List.of());
      observed = read.connections();
      proposal =
          Recommender.propose(
              new RecommendInput(
                  observed, edges.workloadLabelSets(), edges.namespaceLabels(), read.sources()),
              RecommendOptions.defaults());
    }
    check = new PolicyCheck(proposal);
  }

  @Test
  void every_observed_allowed_connection_is_allowed() {
    for (ObservedConnection c : observed) {
      if (c.verdict() == Verdict.ALLOWED) {
        assertTrue(check.allows(c), () -> "blocked: " + c);
      }
    }
  }

  @Test
  void the_seven_documented_flows_are_allowed_after_a_redeploy() {
    assertAllowed(INGRESS, FRONTEND, 80);
    assertAllowed(FRONTEND, API, 8000);
    assertAllowed(API, REDIS, 6379);
    assertAllowed(API, POSTGRES, 5432);
    assertAllowed(CONSUMER, REDIS, 6379);
    assertAllowed(CONSUMER, POSTGRES, 5432);
    for (Endpoint pod : List.of(INGRESS, FRONTEND, API, CONSUMER, REDIS, POSTGRES)) {
      assertTrue(allows(pod, DNS, 53, Protocol.UDP), pod + " -> kube-dns 53/UDP");
      assertTrue(allows(pod, DNS, 53, Protocol.TCP), pod + " -> kube-dns 53/TCP");
    }
  }

  @Test
  void undocumented_flows_are_blocked() {
    assertBlocked(FRONTEND, POSTGRES, 5432);
    assertBlocked(FRONTEND, REDIS, 6379);
    assertBlocked(CONSUMER, FRONTEND, 80);
    assertBlocked(CONSUMER, API, 8000);
    assertBlocked(API, FRONTEND, 80);
    assertBlocked(FRONTEND, API, 8080);
    assertBlocked(REDIS, POSTGRES, 5432);
    assertBlocked(INGRESS, API, 8000);
    assertBlocked(FRONTEND, Endpoint.world("198.51.100.9", null), 443);
    assertBlocked(Endpoint.world("198.51.100.9", null), POSTGRES, 5432);
  }

  @Test
  void kubelet_probes_need_no_rule() {
    assertTrue(allows(Endpoint.ownNodeHost(), API, 8000, Protocol.TCP));
  }

  @Test
  void proposes_for_the_application_namespaces_only() {
    assertEquals(
        List.of("voting-api", "voting-consumer", "voting-data", "voting-frontend"),
        List.copyOf(proposal.policies().keySet()));
    assertTrue(proposal.review().selectorProblems().isEmpty());
  }

  private static void assertAllowed(Endpoint client, Endpoint server, int port) {
    assertTrue(
        allows(client, server, port, Protocol.TCP),
        client + " -> " + server + ":" + port + " should be allowed");
  }

  private static void assertBlocked(Endpoint client, Endpoint server, int port) {
    assertFalse(
        allows(client, server, port, Protocol.TCP),
        client + " -> " + server + ":" + port + " should be blocked");
  }

  private static boolean allows(Endpoint client, Endpoint server, int port, Protocol protocol) {
    return check.allows(client, client.labels(), server, server.labels(), port, protocol);
  }

  private static Endpoint pod(String ns, String workload, Map<String, String> labels) {
    return Endpoint.pod(ns, workload, labels);
  }
}
