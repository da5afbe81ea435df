package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Property: over generated topologies, after a redeploy (new pod-template-hash values) the proposal
 * still allows every observed allowed connection, and allows nothing else: no other pair of
 * workloads or port, no unobserved pod of the namespace, no unobserved external address.
 */
class RedeployPropertyTest {

  private static final int ITERATIONS = 150;
  private static final int[] PORTS = {80, 443, 5432, 6379, 8080};
  private static final String[] APPS = {"web", "api", "db", "cache", "worker"};
  private static final String[] TIERS = {"front", "back", "data"};
  private static final Endpoint DNS =
      Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns"));

  record Topology(
      List<Endpoint> workloads, List<ObservedConnection> connections, Set<String> allowed) {}

  @Test
  void only_the_observed_traffic_is_allowed_after_a_redeploy() {
    for (int seed = 0; seed < ITERATIONS; seed++) {
      Random random = new Random(seed);
      Topology t = generate(random);
      Proposal proposal =
          Recommender.propose(RecommendInput.of(t.connections()), RecommendOptions.defaults());
      assertTrue(
          proposal.review().selectorProblems().isEmpty(),
          "seed " + seed + ": " + proposal.review());
      PolicyCheck check = new PolicyCheck(proposal);
      int s = seed;
      for (ObservedConnection c : t.connections()) {
        if (c.verdict() == Verdict.ALLOWED) {
          assertTrue(
              check.allows(
                  c.client(),
                  redeploy(c.client(), random),
                  c.server(),
                  redeploy(c.server(), random),
                  c.port(),
                  c.protocol()),
              () -> "seed " + s + ": observed connection blocked after redeploy: " + c);
        }
      }
      for (Endpoint client : t.workloads()) {
        for (Endpoint server : t.workloads()) {
          for (int port : PORTS) {
            for (Protocol p : List.of(Protocol.TCP, Protocol.UDP)) {
              boolean expected = t.allowed().contains(edge(client, server, port, p));
              assertEquals(
                  expected,
                  check.allows(
                      client, redeploy(client, random), server, redeploy(server, random), port, p),
                  () -> "seed " + s + ": " + client + " -> " + server + " " + port + "/" + p);
            }
          }
        }
        Endpoint intruder =
            Endpoint.pod(
                client.namespace(),
                "intruder",
                Map.of("app", "x" + random.nextInt(1_000_000), "tier", "t" + random.nextInt(1000)));
        Endpoint stranger = Endpoint.world("198.51.100." + (1 + random.nextInt(250)), null);
        for (int port : PORTS) {
          for (Endpoint other : List.of(intruder, stranger)) {
            assertFalse(
                check.allows(
                    other, other.labels(), client, redeploy(client, random), port, Protocol.TCP),
                () -> "seed " + s + ": " + other + " -> " + client + ":" + port);
            assertFalse(
                check.allows(
                    client, redeploy(client, random), other, other.labels(), port, Protocol.TCP),
                () -> "seed " + s + ": " + client + " -> " + other + ":" + port);
          }
        }
      }
    }
  }

  private static Topology generate(Random random) {
    List<Endpoint> workloads = new ArrayList<>();
    int namespaces = 1 + random.nextInt(3);
    for (int n = 0; n < namespaces; n++) {
      Set<String> used = new HashSet<>();
      int count = 2 + random.nextInt(4);
      for (int w = 0; w < count; w++) {
        String app;
        String tier;
        do {
          app = APPS[random.nextInt(APPS.length)];
          tier = TIERS[random.nextInt(TIERS.length)];
        } while (!used.add(app + "/" + tier));
        Map<String, String> labels =
            new TreeMap<>(
                Map.of(
                    "app", app, "tier", tier, "team", "shared", "pod-template-hash", hash(random)));
        workloads.add(Endpoint.pod("ns" + n, app + "-" + tier, labels));
      }
    }
    List<ObservedConnection> connections = new ArrayList<>();
    Set<String> allowed = new HashSet<>();
    int edges = 1 + random.nextInt(workloads.size() * 2);
    for (int i = 0; i < edges; i++) {
      Endpoint client = workloads.get(random.nextInt(workloads.size()));
      Endpoint server = workloads.get(random.nextInt(workloads.size()));
      int port = PORTS[random.nextInt(PORTS.length)];
      Protocol p = random.nextInt(5) == 0 ? Protocol.UDP : Protocol.TCP;
      Verdict v = random.nextInt(6) == 0 ? Verdict.DENIED : Verdict.ALLOWED;
      connections.add(
          new ObservedConnection(client, server, port, p, v, 1 + random.nextInt(9), 1000, 2000));
      if (v == Verdict.ALLOWED) {
        allowed.add(edge(client, server, port, p));
      }
    }
    for (Endpoint w : workloads) {
      if (random.nextBoolean()) {
        connections.add(
            new ObservedConnection(w, DNS, 53, Protocol.UDP, Verdict.ALLOWED, 5, 1000, 2000));
      }
      if (random.nextInt(3) == 0) {
        Endpoint world = Endpoint.world("203.0.113." + (1 + random.nextInt(250)), null);
        connections.add(
            new ObservedConnection(w, world, 443, Protocol.TCP, Verdict.ALLOWED, 2, 1000, 2000));
      }
      if (random.nextBoolean()) {
        connections.add(
            new ObservedConnection(
                Endpoint.ownNodeHost(), w, 8080, Protocol.TCP, Verdict.ALLOWED, 3, 1000, 2000));
      }
    }
    // Only workloads the flow logs saw are known; a never-seen workload is an unobserved pod.
    Set<String> seen = new HashSet<>();
    connections.forEach(
        c -> {
          seen.add(c.client().key());
          seen.add(c.server().key());
        });
    List<Endpoint> observed = workloads.stream().filter(w -> seen.contains(w.key())).toList();
    return new Topology(observed, connections, allowed);
  }

  private static String edge(Endpoint client, Endpoint server, int port, Protocol p) {
    return client.key() + " " + server.key() + " " + port + "/" + p;
  }

  /** The same workload's labels with a new pod-template-hash. */
  private static Map<String, String> redeploy(Endpoint e, Random random) {
    Map<String, String> labels = new TreeMap<>(e.labels());
    if (labels.containsKey("pod-template-hash")) {
      labels.put("pod-template-hash", hash(random));
    }
    return labels;
  }

  private static String hash(Random random) {
    return Integer.toHexString(0x10000000 + random.nextInt(0x0fffffff));
  }
}
