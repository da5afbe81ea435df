package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import io.netpol.policy.Connection;
import io.netpol.policy.Evaluator;
import io.netpol.policy.Peer;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Property, over generated clusters: after a redeploy that reschedules every pod to another node,
 * changes pod-template hashes and release labels, starts new runs of a CronJob and brings new
 * public clients, the proposal allows every legitimate connection — the observed ones and their
 * redeployed equivalents — and nothing it was not meant to allow: no other workload pair or port,
 * no unobserved pod, no public address on a port that is not public, no node or API server port
 * that was not used, no link-local or private address through an internet rule.
 */
class RealClusterRedeployPropertyTest {

  private static final int ITERATIONS = 80;
  private static final int[] PORTS = {80, 5432, 6379, 8080};
  private static final String[] APPS = {"web", "api", "db", "cache", "worker"};
  private static final String[] TIERS = {"front", "back", "data"};
  private static final Endpoint DNS =
      Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns"));
  private static final long T = 1_795_168_800_000L;

  /** A workload of the generated cluster and the labels its pods carry (volatile ones too). */
  record Workload(Endpoint endpoint, Map<String, String> labels) {}

  /** What was generated and what the proposal is meant to allow beyond the observed edges. */
  static final class Cluster {
    final List<Workload> workloads = new ArrayList<>();
    final List<String> nodes = new ArrayList<>();
    final List<String> apiServers = new ArrayList<>();
    final List<ObservedConnection> observed = new ArrayList<>();
    final Set<String> podEdges = new HashSet<>();
    Workload gateway;
    Workload scraper;
    Workload operator;
    Workload backup;
    int publicClients;
    final List<String> publicIps = new ArrayList<>();
    boolean clusterKnown;
  }

  @Test
  void after_a_redeploy_every_legitimate_connection_is_allowed_and_nothing_else() {
    for (int seed = 0; seed < ITERATIONS; seed++) {
      Random random = new Random(seed);
      Cluster c = generate(random);
      RecommendInput input = RecommendInput.of(c.observed);
      if (c.clusterKnown) {
        List<ClusterFacts.Node> nodes = new ArrayList<>();
        for (int i = 0; i < c.nodes.size(); i++) {
          nodes.add(new ClusterFacts.Node("node-" + i, List.of(c.nodes.get(i)), List.of()));
        }
        input = input.withCluster(new ClusterFacts(nodes, List.of(), List.of()));
      }
      Proposal proposal = Recommender.propose(input, RecommendOptions.defaults());
      PolicySet policies = PolicySet.of(proposal.all());
      int s = seed;
      Check check = new Check(policies, random, c);
      assertTrue(
          proposal.review().selectorProblems().isEmpty(), () -> s + ": " + proposal.review());

      // Every observed pod-to-pod edge, redeployed, on any nodes.
      for (Workload a : c.workloads) {
        for (Workload b : c.workloads) {
          for (int port : PORTS) {
            boolean meant = c.podEdges.contains(edge(a, b, port));
            assertEquals(
                meant,
                check.pods(a, b, port, PortProtocol.TCP),
                () -> s + ": " + a.endpoint() + " -> " + b.endpoint() + ":" + port);
          }
        }
      }
      // Node-bound traffic: the scraper reaches every node on 9100 from any node, nothing else.
      for (int n = 0; n < c.nodes.size(); n++) {
        String node = c.nodes.get(n);
        assertTrue(check.toNode(c.scraper, node, 9100), () -> s + ": scraper -> " + node + ":9100");
        assertTrue(
            !check.toNode(c.scraper, node, 9101), () -> s + ": scraper -> " + node + ":9101");
        assertTrue(
            !check.toNode(c.gateway, node, 9100), () -> s + ": gateway -> " + node + ":9100");
      }
      // The API server: every endpoint on 6443 for the operator, none for others.
      for (String api : c.apiServers) {
        assertTrue(check.toIp(c.operator, api, 6443), () -> s + ": operator -> " + api);
        assertTrue(!check.toIp(c.operator, api, 443), () -> s + ": operator -> " + api + ":443");
        assertTrue(!check.toIp(c.scraper, api, 6443), () -> s + ": scraper -> " + api);
      }
      // Public clients: tomorrow's addresses on the public port iff it served the public.
      boolean isPublic = c.publicClients >= RecommendOptions.DEFAULT_PUBLIC_CLIENTS;
      for (String old : c.publicIps) {
        assertTrue(check.fromIp(old, c.gateway, 8443), () -> s + ": old client " + old);
      }
      String tomorrow = "198.51.100." + (1 + random.nextInt(250));
      if (!c.publicIps.contains(tomorrow)) {
        assertEquals(
            isPublic,
            check.fromIp(tomorrow, c.gateway, 8443),
            () -> s + ": new client with " + c.publicClients + " public clients seen");
      }
      assertTrue(!check.fromIp(tomorrow, c.gateway, 9999), () -> s + ": public on another port");
      assertTrue(!check.fromIp("10.9.8.7", c.gateway, 8443), () -> s + ": private via internet");
      assertTrue(
          !check.fromIp("169.254.169.254", c.gateway, 8443), () -> s + ": link-local via internet");
      for (Workload w : c.workloads) {
        if (w != c.gateway) {
          assertTrue(!check.fromIp(tomorrow, w, 8443), () -> s + ": public -> " + w.endpoint());
        }
      }
      // A new run of the CronJob reaches what the old runs reached.
      if (c.backup != null) {
        for (Workload b : c.workloads) {
          boolean meant = c.podEdges.contains(edge(c.backup, b, 5432));
          assertEquals(
              meant, check.pods(c.backup, b, 5432, PortProtocol.TCP), () -> s + ": backup run");
        }
      }
      // An unobserved pod gets nothing.
      for (Workload w : c.workloads) {
        Workload intruder =
            new Workload(
                Endpoint.pod(w.endpoint().namespace(), "intruder", Map.of("app", "intruder")),
                Map.of("app", "intruder", "tier", "x" + random.nextInt(1000)));
        for (int port : PORTS) {
          assertTrue(!check.pods(intruder, w, port, PortProtocol.TCP), () -> s + ": intruder");
          assertTrue(!check.pods(w, intruder, port, PortProtocol.TCP), () -> s + ": to intruder");
        }
      }
    }
  }

  private static Cluster generate(Random random) {
    Cluster c = new Cluster();
    int nodes = 2 + random.nextInt(4);
    for (int i = 0; i < nodes; i++) {
      c.nodes.add("172.20.0." + (10 + i));
    }
    c.clusterKnown = random.nextBoolean();
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
        c.workloads.add(workload("ns" + n, app + "-" + tier, random, "app", app, "tier", tier));
      }
    }
    c.gateway = workload("edge", "gateway", random, "app", "gateway", "tier", "edge");
    c.scraper = workload("monitoring", "prometheus", random, "app", "prometheus", "tier", "obs");
    c.operator = workload("platform", "operator", random, "app", "operator", "tier", "ctl");
    c.workloads.addAll(List.of(c.gateway, c.scraper, c.operator));
    if (random.nextBoolean()) {
      c.backup = cronJob("ns0", random);
      c.workloads.add(c.backup);
    }
    int edges = 1 + random.nextInt(c.workloads.size() * 2);
    for (int i = 0; i < edges; i++) {
      Workload a = c.workloads.get(random.nextInt(c.workloads.size()));
      Workload b = c.workloads.get(random.nextInt(c.workloads.size()));
      int port = PORTS[random.nextInt(PORTS.length)];
      Verdict v = random.nextInt(6) == 0 ? Verdict.DENIED : Verdict.ALLOWED;
      c.observed.add(conn(a.endpoint(), b.endpoint(), port, v));
      if (v == Verdict.ALLOWED) {
        c.podEdges.add(edge(a, b, port));
      }
    }
    for (Workload w : c.workloads) {
      c.observed.add(
          new ObservedConnection(
              w.endpoint(), DNS, 53, io.netpol.flow.Protocol.UDP, Verdict.ALLOWED, 3, T, T));
    }
    // The scraper (two replicas when the cluster is not read) scrapes every node: its own as the
    // pod's own node, the others by address.
    int replicas = c.clusterKnown ? 1 : 2;
    for (int r = 0; r < replicas; r++) {
      int own = (r * (nodes - 1)) % nodes;
      for (int n = 0; n < nodes; n++) {
        Endpoint node = n == own ? Endpoint.ownNodeHost() : Endpoint.host(c.nodes.get(n), null);
        c.observed.add(conn(c.scraper.endpoint(), node, 9100, Verdict.ALLOWED));
      }
    }
    int apis = 1 + random.nextInt(3);
    for (int i = 0; i < apis; i++) {
      c.apiServers.add("172.18.0." + (2 + i));
    }
    // The operator happened to reach one endpoint; another client saw the others.
    c.observed.add(
        conn(
            c.operator.endpoint(), Endpoint.apiserver(c.apiServers.get(0)), 6443, Verdict.ALLOWED));
    for (String api : c.apiServers) {
      c.observed.add(
          conn(
              Endpoint.pod("kube-system", "metrics-server", Map.of("k8s-app", "metrics-server")),
              Endpoint.apiserver(api),
              6443,
              Verdict.ALLOWED));
    }
    c.publicClients = random.nextInt(25);
    for (int i = 0; i < c.publicClients; i++) {
      String ip = "203.0.113." + (1 + i * 9 % 250);
      if (!c.publicIps.contains(ip)) {
        c.publicIps.add(ip);
        c.observed.add(conn(Endpoint.world(ip, null), c.gateway.endpoint(), 8443, Verdict.ALLOWED));
      }
    }
    c.publicClients = c.publicIps.size();
    return c;
  }

  private static Workload workload(String ns, String name, Random random, String... kv) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      labels.put(kv[i], kv[i + 1]);
    }
    labels.put("team", "shared");
    labels.put("app.kubernetes.io/version", "1." + random.nextInt(9) + ".0");
    labels.put("pod-template-hash", hash(random));
    return new Workload(Endpoint.pod(ns, name, new TreeMap<>(labels)), labels);
  }

  private static Workload cronJob(String ns, Random random) {
    Map<String, String> labels = new TreeMap<>(Map.of("app", "backup", "tier", "batch"));
    labels.put("job-name", "backup-" + (29_000_000 + random.nextInt(100_000)));
    labels.put("controller-uid", hash(random));
    labels.put("batch.kubernetes.io/job-name", labels.get("job-name"));
    return new Workload(Endpoint.pod(ns, "backup", labels), labels);
  }

  private static ObservedConnection conn(Endpoint a, Endpoint b, int port, Verdict v) {
    return new ObservedConnection(a, b, port, io.netpol.flow.Protocol.TCP, v, 2, T, T);
  }

  private static String edge(Workload a, Workload b, int port) {
    return a.endpoint().key() + " " + b.endpoint().key() + " " + port;
  }

  private static String hash(Random random) {
    return Integer.toHexString(0x10000000 + random.nextInt(0x0fffffff));
  }

  /** The evaluator on redeployed pods: new hashes, release labels, Job runs and nodes. */
  private static final class Check {
    private final PolicySet policies;
    private final Random random;
    private final Cluster cluster;

    Check(PolicySet policies, Random random, Cluster cluster) {
      this.policies = policies;
      this.random = random;
      this.cluster = cluster;
    }

    /** A pod of the workload after the redeploy, on a random node. */
    private Peer redeployed(Workload w, String role) {
      Map<String, String> labels = new TreeMap<>(w.labels());
      labels.computeIfPresent("pod-template-hash", (k, v) -> hash(random));
      labels.computeIfPresent("app.kubernetes.io/version", (k, v) -> "2." + random.nextInt(9));
      labels.computeIfPresent(
          "job-name", (k, v) -> "backup-" + (29_200_000 + random.nextInt(1000)));
      labels.computeIfPresent("batch.kubernetes.io/job-name", (k, v) -> labels.get("job-name"));
      labels.computeIfPresent("controller-uid", (k, v) -> hash(random));
      return Peer.pod(w.endpoint().namespace(), labels)
          .withName(w.endpoint().workload() + "-" + role)
          .withNode("node-" + random.nextInt(cluster.nodes.size()));
    }

    boolean pods(Workload a, Workload b, int port, PortProtocol p) {
      return allowed(redeployed(a, "client"), redeployed(b, "server"), port, p);
    }

    boolean toNode(Workload a, String nodeIp, int port) {
      int n = cluster.nodes.indexOf(nodeIp);
      Peer client = redeployed(a, "client");
      // Not the pod's own node: that is always allowed and proves nothing.
      if (client instanceof io.netpol.policy.PodPeer pod && pod.nodeName().equals("node-" + n)) {
        client = pod.withNode("node-" + ((n + 1) % cluster.nodes.size()));
      }
      return allowed(client, Peer.node(nodeIp, "node-" + n), port, PortProtocol.TCP);
    }

    boolean toIp(Workload a, String ip, int port) {
      return allowed(redeployed(a, "client"), Peer.ip(ip), port, PortProtocol.TCP);
    }

    boolean fromIp(String ip, Workload b, int port) {
      return allowed(Peer.ip(ip), redeployed(b, "server"), port, PortProtocol.TCP);
    }

    private boolean allowed(Peer from, Peer to, int port, PortProtocol p) {
      return Evaluator.evaluate(policies, new Connection(from, to, port, p)).allowed();
    }
  }
}
