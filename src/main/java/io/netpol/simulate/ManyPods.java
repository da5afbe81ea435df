package io.netpol.simulate;

import io.netpol.simulate.VotingApp.Flow;
import io.netpol.simulate.VotingApp.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A cluster of many distinct pods for the observe benchmark: every pod is an endpoint object of its
 * own (name, address, identity of its workload, labels) where the voting app has ten. Workloads of
 * {@link #REPLICAS} replicas, {@link #PER_NAMESPACE} to a namespace, each pod with the labels of a
 * real deployment (name, part-of, version, component, team, tier, pod-template-hash) on one of a
 * node per {@link #PODS_PER_NODE} pods; every workload calls two others on a service port, every
 * pod is probed by its node. Deterministic for a given size.
 */
final class ManyPods {
  static final int REPLICAS = 3;
  static final int PER_NAMESPACE = 20;
  static final int PODS_PER_NODE = 30;
  private static final int[] PORTS = {80, 8080, 9090, 5432, 6379, 3000, 8443};
  private static final String[] TIERS = {"web", "api", "backend", "data", "batch"};

  private ManyPods() {}

  /** A cluster of at least {@code pods} pods (whole workloads). */
  static HubbleTopology of(int pods) {
    Random random = new Random(pods);
    int workloads = Math.max(3, (pods + REPLICAS - 1) / REPLICAS);
    int nodeCount = Math.max(1, (workloads * REPLICAS + PODS_PER_NODE - 1) / PODS_PER_NODE);
    Map<String, String> nodes = new LinkedHashMap<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.put(String.format("node-%03d", n), "172.18." + (n / 250) + "." + (2 + n % 250));
    }
    List<String> nodeNames = new ArrayList<>(nodes.keySet());
    List<List<Pod>> byWorkload = new ArrayList<>();
    int podIndex = 0;
    for (int w = 0; w < workloads; w++) {
      String namespace = String.format("team-%03d", w / PER_NAMESPACE);
      String name = String.format("svc-%03d", w % PER_NAMESPACE);
      String hash = Long.toHexString(0x5000000000L + random.nextInt(1 << 30)).substring(0, 10);
      Map<String, String> labels = new HashMap<>();
      labels.put("app.kubernetes.io/name", name);
      labels.put("app.kubernetes.io/part-of", namespace);
      labels.put("app.kubernetes.io/version", "1." + random.nextInt(20) + "." + random.nextInt(9));
      labels.put("app.kubernetes.io/component", TIERS[w % TIERS.length]);
      labels.put("team", namespace);
      labels.put("tier", TIERS[w % TIERS.length]);
      labels.put("pod-template-hash", hash);
      List<Pod> replicas = new ArrayList<>();
      for (int r = 0; r < REPLICAS; r++, podIndex++) {
        replicas.add(
            new Pod(
                namespace,
                name + "-" + hash + "-" + LargeCluster.suffix(random, 5),
                name,
                "Deployment",
                "10."
                    + (64 + podIndex / 65536)
                    + "."
                    + (podIndex / 256 % 256)
                    + "."
                    + podIndex % 256,
                nodeNames.get(podIndex % nodeCount),
                labels));
      }
      byWorkload.add(replicas);
    }
    List<Flow> flows = new ArrayList<>();
    List<Flow> probes = new ArrayList<>();
    for (int w = 0; w < workloads; w++) {
      int port = PORTS[w % PORTS.length];
      for (int call = 1; call <= 2; call++) {
        List<Pod> servers =
            byWorkload.get((w + call * (1 + random.nextInt(workloads - 1))) % workloads);
        if (servers == byWorkload.get(w)) {
          continue;
        }
        List<Pod> clients = byWorkload.get(w);
        for (int r = 0; r < REPLICAS; r++) {
          flows.add(new Flow(clients.get(r), servers.get((r + call) % REPLICAS), port, "TCP"));
        }
      }
      for (Pod p : byWorkload.get(w)) {
        probes.add(new Flow(null, p, port, "TCP"));
      }
    }
    Pod dns =
        new Pod(
            "kube-system",
            "coredns-5d78c9869d-8xk2p",
            "coredns",
            "Deployment",
            "10.63.0.10",
            nodeNames.get(0),
            Map.of("k8s-app", "kube-dns", "pod-template-hash", "5d78c9869d"));
    return new HubbleTopology(flows, List.of(), probes, dns, nodes);
  }
}
