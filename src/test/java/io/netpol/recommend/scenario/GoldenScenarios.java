package io.netpol.recommend.scenario;

import static io.netpol.recommend.scenario.Traffic.cronJobRun;
import static io.netpol.recommend.scenario.Traffic.daemonSet;
import static io.netpol.recommend.scenario.Traffic.deployment;
import static io.netpol.recommend.scenario.Traffic.statefulSet;

import io.netpol.recommend.scenario.Traffic.ApiServer;
import io.netpol.recommend.scenario.Traffic.Conn;
import io.netpol.recommend.scenario.Traffic.NetSet;
import io.netpol.recommend.scenario.Traffic.Node;
import io.netpol.recommend.scenario.Traffic.Pod;
import io.netpol.recommend.scenario.Traffic.PrivateNet;
import io.netpol.recommend.scenario.Traffic.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The golden scenarios of what real clusters do, built here and written as flow logs of each
 * format: {@code ScenarioInputsTest} checks that the files under {@code
 * src/test/resources/scenarios/<name>/} are exactly what this code writes, and {@code
 * GoldenScenarioTest} that propose turns them into {@code expected/}.
 */
public final class GoldenScenarios {
  static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

  /** The files of one scenario: flow logs, {@code args.txt}, {@code cluster.yaml}. */
  public record Scenario(SortedMap<String, String> files) {}

  private GoldenScenarios() {}

  static final Node NODE_A = new Node("node-a", "172.18.0.11");
  static final Node NODE_B = new Node("node-b", "172.18.0.12");
  static final Node NODE_C = new Node("node-c", "172.18.0.13");
  static final Pod DNS =
      deployment(
          "kube-system",
          "coredns",
          "5d78c9869d",
          "8xk2p",
          "10.244.0.5",
          "node-a",
          "k8s-app",
          "kube-dns");

  /** Every scenario, by folder name. */
  public static SortedMap<String, Scenario> all() {
    SortedMap<String, Scenario> out = new TreeMap<>();
    List<Conn> gateway = publicGateway();
    out.put(
        "public-gateway-hubble",
        scenario("flows.jsonl", new HubbleWriter(START, true).write(gateway)));
    out.put(
        "public-gateway-calico",
        scenario("flows.jsonl", new CalicoWriter(START, false).write(gateway)));
    out.put(
        "public-gateway-calico-masked",
        scenario("flows.jsonl", new CalicoWriter(START, true).write(gateway)));
    out.put(
        "node-exporter-rescheduled",
        scenario("flows.jsonl", new HubbleWriter(START, true).write(nodeExporter())));
    out.put(
        "apiserver-egress",
        scenario("flows.jsonl", new HubbleWriter(START, true).write(apiServer())));
    List<Conn> cron = cronJob(true);
    out.put(
        "cronjob-runs-hubble", scenario("flows.jsonl", new HubbleWriter(START, true).write(cron)));
    out.put(
        "cronjob-runs-hubble-without-owners",
        scenario("flows.jsonl", new HubbleWriter(START, false).write(cron)));
    out.put(
        "cronjob-runs-calico",
        scenario("flows.jsonl", new CalicoWriter(START, true).write(cronJob(false))));
    Scenario hub = scenario("flows.jsonl", new CalicoWriter(START, true).write(hub()));
    hub.files().put("args.txt", "-n platform\n");
    out.put("hub-thousands-of-clients", hub);
    out.put(
        "version-labels", scenario("flows.jsonl", new HubbleWriter(START, true).write(versions())));
    List<Conn> goldmane = goldmane();
    out.put(
        "goldmane-ndjson",
        scenario("flows.ndjson", new GoldmaneWriter(START, false).write(goldmane)));
    out.put(
        "goldmane-protojson",
        scenario("flows.jsonl", new GoldmaneWriter(START, true).write(goldmane)));
    Scenario exactNd = scenario("flows.ndjson", new GoldmaneWriter(START, false).write(goldmane));
    exactNd.files().put("args.txt", "--cluster\n");
    exactNd.files().put("cluster.yaml", ClusterObjects.yaml(List.of(NODE_A, NODE_B, NODE_C)));
    out.put("goldmane-ndjson-with-cluster", exactNd);
    Scenario exactPj = scenario("flows.jsonl", new GoldmaneWriter(START, true).write(goldmane));
    exactPj.files().put("args.txt", "--cluster\n");
    exactPj.files().put("cluster.yaml", ClusterObjects.yaml(List.of(NODE_A, NODE_B, NODE_C)));
    out.put("goldmane-protojson-with-cluster", exactPj);
    return out;
  }

  private static Scenario scenario(String file, String flows) {
    SortedMap<String, String> files = new TreeMap<>();
    files.put(file, flows);
    return new Scenario(files);
  }

  /**
   * An Envoy gateway behind a LoadBalancer in a namespace of its own: 40 IPv4 and 3 IPv6 internet
   * clients on 8443 (tomorrow's will be others), two monitoring probes on the admin port, and the
   * gateway forwarding to the shop.
   */
  static List<Conn> publicGateway() {
    Pod gw1 =
        deployment(
            "edge",
            "envoy-gateway",
            "6d9f7c8b5d",
            "k2x7p",
            "10.244.1.20",
            "node-a",
            "app.kubernetes.io/name",
            "envoy-gateway");
    Pod gw2 =
        deployment(
            "edge",
            "envoy-gateway",
            "6d9f7c8b5d",
            "q8w4z",
            "10.244.2.20",
            "node-b",
            "app.kubernetes.io/name",
            "envoy-gateway");
    Pod web =
        deployment(
            "shop",
            "web",
            "7c9d8f6b5c",
            "m4n8r",
            "10.244.2.31",
            "node-b",
            "app.kubernetes.io/name",
            "web");
    List<Conn> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String ip = (i % 2 == 0 ? "198.51.100." : "203.0.113.") + (10 + i);
      out.add(new Conn(new World(ip, null), i % 3 == 0 ? gw2 : gw1, 8443, "TCP", 1 + i % 3));
    }
    for (int i = 0; i < 3; i++) {
      out.add(new Conn(new World("2001:db8:5::" + (i + 1), null), gw1, 8443, "TCP", 1));
    }
    out.add(new Conn(new World("192.0.2.50", null), gw1, 9901, "TCP", 4));
    out.add(new Conn(new World("192.0.2.51", null), gw2, 9901, "TCP", 4));
    out.add(new Conn(gw1, web, 8080, "TCP", 30));
    out.add(new Conn(gw2, web, 8080, "TCP", 25));
    for (Pod p : List.of(gw1, gw2, web)) {
      out.add(new Conn(p, DNS, 53, "UDP", 5));
    }
    return out;
  }

  /**
   * Prometheus (two replicas) scrapes node-exporter and kubelet on every node; then prometheus-0 is
   * rescheduled from node-a to node-c. Each replica sees its own node as {@code reserved:host} and
   * the others with their addresses.
   */
  static List<Conn> nodeExporter() {
    Pod p0 =
        statefulSet(
            "monitoring",
            "prometheus",
            0,
            "10.244.1.40",
            "node-a",
            "app.kubernetes.io/name",
            "prometheus");
    Pod p1 =
        statefulSet(
            "monitoring",
            "prometheus",
            1,
            "10.244.2.40",
            "node-b",
            "app.kubernetes.io/name",
            "prometheus");
    Pod moved = p0.movedTo("prometheus-0", "10.244.3.40", "node-c");
    List<Conn> out = new ArrayList<>();
    for (Pod p : List.of(p0, p1, moved)) {
      for (Node n : List.of(NODE_A, NODE_B, NODE_C)) {
        out.add(new Conn(p, n, 9100, "TCP", 3));
        out.add(new Conn(p, n, 10250, "TCP", 3));
      }
      out.add(new Conn(p, DNS, 53, "UDP", 2));
    }
    return out;
  }

  /** An operator and a log shipper talk to the API server (three control-plane endpoints). */
  static List<Conn> apiServer() {
    Pod operator =
        deployment(
            "platform",
            "cert-operator",
            "5f6d7c8b9d",
            "x2kqv",
            "10.244.1.50",
            "node-a",
            "app.kubernetes.io/name",
            "cert-operator");
    Pod shipper =
        daemonSet(
            "platform",
            "log-shipper",
            "h7x2p",
            "10.244.2.51",
            "node-b",
            "app.kubernetes.io/name",
            "log-shipper");
    List<Conn> out = new ArrayList<>();
    out.add(new Conn(operator, new ApiServer("172.18.0.2"), 6443, "TCP", 12));
    out.add(new Conn(operator, new ApiServer("172.18.0.3"), 6443, "TCP", 9));
    out.add(new Conn(shipper, new ApiServer("172.18.0.4"), 6443, "TCP", 20));
    out.add(new Conn(operator, DNS, 53, "UDP", 4));
    out.add(new Conn(shipper, DNS, 53, "UDP", 4));
    return out;
  }

  /**
   * A CronJob {@code db-backup} with four runs (each its own Job and pod) and a plain Job {@code
   * migrate}, writing to postgres and to object storage.
   */
  static List<Conn> cronJob(boolean withAddresses) {
    Pod postgres =
        statefulSet(
            "data", "postgres", 0, "10.244.1.60", "node-a", "app.kubernetes.io/name", "postgres");
    List<Conn> out = new ArrayList<>();
    long[] runs = {29012340, 29012400, 29012460, 29012520};
    String[] suffixes = {"x7k2p", "b4n9q", "c2m8r", "d5t6w"};
    for (int i = 0; i < runs.length; i++) {
      Pod run =
          cronJobRun(
              "data",
              "db-backup",
              runs[i],
              suffixes[i],
              "10.244.2." + (70 + i),
              "node-b",
              "app.kubernetes.io/name",
              "db-backup");
      out.add(new Conn(run, postgres, 5432, "TCP", 2));
      out.add(
          new Conn(
              run,
              new World(
                  withAddresses ? "52.219.170." + (10 + i) : null, "s3.eu-west-1.amazonaws.com"),
              443,
              "TCP",
              3));
      out.add(new Conn(run, DNS, 53, "UDP", 2));
    }
    Pod migrate =
        new Pod(
            "data",
            "migrate-k8x2p",
            "migrate",
            "Job",
            0,
            "10.244.2.80",
            "node-b",
            Traffic.labels(
                "app.kubernetes.io/name",
                "migrate",
                "job-name",
                "migrate",
                "batch.kubernetes.io/job-name",
                "migrate",
                "controller-uid",
                "5e1d2c3b-0000-4b1a-9f3c-2e7d00000001"));
    out.add(new Conn(migrate, postgres, 5432, "TCP", 1));
    return out;
  }

  /** {@code platform/auth} called by 3,000 workloads in 30 namespaces (masked Calico logs). */
  static List<Conn> hub() {
    Pod auth =
        deployment(
            "platform",
            "auth",
            "6b7c8d9f5d",
            "p2q4r",
            "10.244.0.90",
            "node-a",
            "app.kubernetes.io/name",
            "auth");
    List<Conn> out = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      for (int w = 0; w < 100; w++) {
        String ns = String.format("team-%02d", n);
        Pod client =
            deployment(
                ns,
                String.format("svc-%03d", w),
                "5d6f7c8b9d",
                "z9x8c",
                "10.245." + n + "." + w,
                "node-b",
                "app.kubernetes.io/name",
                String.format("svc-%03d", w),
                "app.kubernetes.io/part-of",
                ns);
        out.add(new Conn(client, auth, 8443, "TCP", 1 + (n + w) % 4));
      }
    }
    out.add(new Conn(auth, DNS, 53, "UDP", 3));
    return out;
  }

  /**
   * Release-bound labels: every pod carries app.kubernetes.io/version and helm.sh/chart, which the
   * next upgrade changes; web and its canary differ only in them.
   */
  static List<Conn> versions() {
    Pod api =
        deployment(
            "shop",
            "api",
            "5b8c7d9f6c",
            "m4n8r",
            "10.244.1.31",
            "node-a",
            "app.kubernetes.io/name",
            "api",
            "app.kubernetes.io/version",
            "1.4.2",
            "helm.sh/chart",
            "api-0.3.1");
    Pod web =
        deployment(
            "shop",
            "web",
            "7d9f8b5c4d",
            "h7x2p",
            "10.244.1.21",
            "node-a",
            "app.kubernetes.io/name",
            "web",
            "app.kubernetes.io/version",
            "2.1.0",
            "helm.sh/chart",
            "web-1.0.0");
    Pod canary =
        deployment(
            "shop",
            "web-canary",
            "6c5d8f7b9d",
            "k2j7w",
            "10.244.2.22",
            "node-b",
            "app.kubernetes.io/name",
            "web",
            "app.kubernetes.io/version",
            "2.2.0-rc1",
            "helm.sh/chart",
            "web-1.1.0");
    List<Conn> out = new ArrayList<>();
    out.add(new Conn(web, api, 8000, "TCP", 10));
    out.add(new Conn(canary, api, 8000, "TCP", 2));
    for (Pod p : List.of(api, web, canary)) {
      out.add(new Conn(p, DNS, 53, "UDP", 3));
    }
    return out;
  }

  /**
   * What a Calico OSS user sees through Goldmane: a payment API and a backup CronJob calling the
   * internet, Prometheus scraping node-exporter and, with a log shipper, the API server, the
   * internet reaching a gateway, a VPN network set reaching an admin service, and pod-to-pod
   * traffic.
   */
  static List<Conn> goldmane() {
    Pod mainApi =
        deployment(
            "payments",
            "main-api",
            "5b8c7d9f6c",
            "m4n8r",
            "10.244.1.31",
            "node-a",
            "app.kubernetes.io/name",
            "main-api");
    Pod ledger =
        statefulSet(
            "payments", "ledger", 0, "10.244.2.32", "node-b", "app.kubernetes.io/name", "ledger");
    Pod backup =
        cronJobRun(
            "payments",
            "backup",
            29012345,
            "x7k2p",
            "10.244.2.33",
            "node-b",
            "app.kubernetes.io/name",
            "backup");
    Pod prometheus =
        statefulSet(
            "monitoring",
            "prometheus",
            0,
            "10.244.1.40",
            "node-a",
            "app.kubernetes.io/name",
            "prometheus");
    Pod fluentBit =
        daemonSet(
            "logging",
            "fluent-bit",
            "h7x2p",
            "10.244.2.51",
            "node-b",
            "app.kubernetes.io/name",
            "fluent-bit");
    Pod gateway =
        deployment(
            "edge",
            "gateway",
            "6d9f7c8b5d",
            "k2x7p",
            "10.244.1.20",
            "node-a",
            "app.kubernetes.io/name",
            "gateway");
    Pod admin =
        deployment(
            "payments",
            "admin",
            "7c9d8f6b5c",
            "q8w4z",
            "10.244.2.34",
            "node-b",
            "app.kubernetes.io/name",
            "admin");
    List<Conn> out = new ArrayList<>();
    out.add(new Conn(mainApi, new World(null, null), 443, "TCP", 40));
    out.add(new Conn(mainApi, ledger, 7000, "TCP", 25));
    out.add(new Conn(backup, new World(null, null), 443, "TCP", 6));
    out.add(new Conn(prometheus, new PrivateNet(null), 9100, "TCP", 30));
    out.add(new Conn(prometheus, new ApiServer(null), 6443, "TCP", 12));
    out.add(new Conn(fluentBit, new PrivateNet(null), 6443, "TCP", 18));
    out.add(new Conn(new World(null, null), gateway, 8443, "TCP", 500));
    out.add(new Conn(gateway, mainApi, 8080, "TCP", 480));
    out.add(new Conn(new NetSet(null, "corp-vpn", null), admin, 8080, "TCP", 7));
    out.add(new Conn(new Node("node-b", null), ledger, 7000, "TCP", 3));
    for (Pod p : List.of(mainApi, ledger, backup, prometheus, fluentBit, gateway, admin)) {
      out.add(new Conn(p, DNS, 53, "UDP", 4));
    }
    return out;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
