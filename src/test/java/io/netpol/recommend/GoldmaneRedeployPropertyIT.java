package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netpol.cli.CommandHarness;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Peer;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortProtocol;
import io.netpol.recommend.scenario.GoldmaneWriter;
import io.netpol.recommend.scenario.Traffic;
import io.netpol.recommend.scenario.Traffic.ApiServer;
import io.netpol.recommend.scenario.Traffic.Conn;
import io.netpol.recommend.scenario.Traffic.Pod;
import io.netpol.recommend.scenario.Traffic.PrivateNet;
import io.netpol.recommend.scenario.Traffic.World;
import io.netpol.store.EdgeReader;
import io.netpol.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redeploy property on Goldmane input, through the real pipeline (Goldmane NDJSON, observe into
 * a SQLite file, propose): Goldmane carries no address, so what the proposal is meant to allow
 * depends on what else is known. Without the cluster, internet and private peers are broad on
 * exactly the observed ports; with the cluster, node and API server peers are exactly their
 * addresses. Either way every legitimate connection survives a redeploy (new pod-template hashes,
 * new CronJob runs, pods on other nodes, new public servers) and nothing else passes.
 */
class GoldmaneRedeployPropertyIT {

  private static final int ITERATIONS = 12;
  private static final List<String> NODES = List.of("172.18.0.11", "172.18.0.12", "172.18.0.13");
  private static final List<String> API = List.of("172.18.0.2", "172.18.0.3");

  @TempDir Path tmp;

  @Test
  void goldmane_proposals_keep_every_legitimate_connection_after_a_redeploy() throws Exception {
    for (int seed = 0; seed < ITERATIONS; seed++) {
      Random random = new Random(seed);
      Path db = tmp.resolve("netpol-" + seed + ".db");
      Path flows = tmp.resolve("flows-" + seed + ".ndjson");
      List<Pod> pods = new ArrayList<>();
      List<Conn> conns = new ArrayList<>();
      int[] ports = {5432, 6379, 8080};
      for (int i = 0; i < 3 + random.nextInt(3); i++) {
        pods.add(pod("shop", "svc" + i, random));
      }
      Pod backup =
          Traffic.cronJobRun(
              "shop",
              "backup",
              29_012_000 + random.nextInt(500),
              "x7k2p",
              "10.244.1.9",
              "node-a",
              "app.kubernetes.io/name",
              "backup");
      Pod scraper = pod("monitoring", "prometheus", random);
      List<String> edges = new ArrayList<>();
      for (int i = 0; i < 2 + random.nextInt(6); i++) {
        Pod a = pods.get(random.nextInt(pods.size()));
        Pod b = pods.get(random.nextInt(pods.size()));
        int port = ports[random.nextInt(ports.length)];
        conns.add(new Conn(a, b, port, "TCP", 1 + random.nextInt(5)));
        edges.add(a.workload() + ">" + b.workload() + ":" + port);
      }
      conns.add(new Conn(backup, new World(null, null), 443, "TCP", 3));
      conns.add(new Conn(backup, pods.get(0), 5432, "TCP", 2));
      edges.add("backup>" + pods.get(0).workload() + ":5432");
      conns.add(new Conn(scraper, new PrivateNet(null), 9100, "TCP", 6));
      conns.add(new Conn(scraper, new ApiServer(null), 6443, "TCP", 2));
      Files.writeString(
          flows, new GoldmaneWriter(Instant.parse("2026-11-20T10:00:00Z"), false).write(conns));
      CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);
      RecommendInput input;
      try (Store store = Store.open(db)) {
        EdgeReader r = store.edges();
        input =
            new RecommendInput(
                r.connections(List.of()), r.workloadLabelSets(), r.namespaceLabels(), r.sources());
      }
      for (boolean cluster : new boolean[] {false, true}) {
        RecommendInput in = cluster ? input.withCluster(facts()) : input;
        PolicySet policies =
            PolicySet.of(Recommender.propose(in, RecommendOptions.defaults()).all());
        String where = "seed " + seed + (cluster ? " with the cluster" : " without the cluster");
        for (Pod a : pods) {
          for (Pod b : pods) {
            for (int port : ports) {
              boolean meant = edges.contains(a.workload() + ">" + b.workload() + ":" + port);
              assertEquals(
                  meant,
                  allowed(
                      policies,
                      redeployed(a, "client", random),
                      redeployed(b, "server", random),
                      port),
                  where + ": " + a.workload() + " -> " + b.workload() + ":" + port);
            }
          }
        }
        Peer newRun =
            Peer.pod(
                    "shop",
                    Map.of(
                        "app.kubernetes.io/name",
                        "backup",
                        "job-name",
                        "backup-29999999",
                        "controller-uid",
                        "new"))
                .withNode("node-c");
        assertEquals(
            true,
            allowed(policies, newRun, redeployed(pods.get(0), "server", random), 5432),
            where + ": a new backup run");
        assertEquals(
            true,
            allowed(policies, newRun, Peer.ip("52.219.1." + random.nextInt(250)), 443),
            where + ": backup to a new public address");
        assertEquals(
            false,
            allowed(policies, newRun, Peer.ip("52.219.1.1"), 80),
            where + ": backup on another port");
        assertEquals(
            false,
            allowed(policies, newRun, Peer.ip("10.1.2.3"), 443),
            where + ": private address via the internet rule");
        Peer prometheus = redeployed(scraper, "client", random);
        for (String node : NODES) {
          assertEquals(
              true,
              allowed(policies, prometheus, Peer.ip(node), 9100),
              where + ": prometheus -> " + node);
        }
        assertEquals(
            !cluster,
            allowed(policies, prometheus, Peer.ip("10.20.30.40"), 9100),
            where + ": any private address on 9100 only while broad");
        assertEquals(
            false,
            allowed(policies, prometheus, Peer.ip(NODES.get(0)), 9101),
            where + ": another port");
        for (String api : API) {
          assertEquals(
              true,
              allowed(policies, prometheus, Peer.ip(api), 6443),
              where + ": API server " + api);
        }
        assertEquals(
            !cluster,
            allowed(policies, prometheus, Peer.ip("10.20.30.40"), 6443),
            where + ": API server port only to its endpoints with the cluster");
      }
    }
  }

  private static ClusterFacts facts() {
    List<ClusterFacts.Node> nodes = new ArrayList<>();
    for (int i = 0; i < NODES.size(); i++) {
      nodes.add(
          new ClusterFacts.Node(
              "node-" + i, List.of(NODES.get(i)), List.of("10.244." + i + ".0/24")));
    }
    return new ClusterFacts(
        nodes,
        API.stream().map(a -> new ClusterFacts.ApiServerEndpoint(a, 6443)).toList(),
        List.of());
  }

  private static Pod pod(String ns, String workload, Random random) {
    return Traffic.deployment(
        ns,
        workload,
        hash(random),
        "k2x7p",
        "10.244.1." + random.nextInt(250),
        "node-a",
        "app.kubernetes.io/name",
        workload);
  }

  /** The workload's pod after a redeploy: a new pod-template hash, on another node. */
  private static Peer redeployed(Pod p, String role, Random random) {
    Map<String, String> labels = new TreeMap<>(p.labels());
    labels.computeIfPresent("pod-template-hash", (k, v) -> hash(random));
    return Peer.pod(p.namespace(), labels)
        .withName(p.workload() + "-" + role)
        .withNode("node-" + random.nextInt(3));
  }

  private static boolean allowed(PolicySet policies, Peer from, Peer to, int port) {
    return Evaluator.evaluate(policies, new Connection(from, to, port, PortProtocol.TCP)).allowed();
  }

  private static String hash(Random random) {
    String safe = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      out.append(safe.charAt(random.nextInt(safe.length())));
    }
    return out.toString();
  }
}
