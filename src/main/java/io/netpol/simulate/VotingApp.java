package io.netpol.simulate;

import java.util.List;
import java.util.Map;

/**
 * The reference topology: a voting app in four namespaces. The ingress controller reaches the
 * frontend on 80, the frontend the API on 8000, the API and the consumer reach Redis (6379) and
 * PostgreSQL (5432) in voting-data, and every workload resolves names through kube-dns.
 */
public final class VotingApp {
  private VotingApp() {}

  /** A pod of the simulated cluster. */
  public record Pod(
      String namespace,
      String name,
      String workload,
      String kind,
      String ip,
      String node,
      Map<String, String> labels) {}

  /** A documented connection: client workload to server workload on a port. */
  public record Flow(Pod client, Pod server, int port, String protocol) {}

  static final String NODE_A = "kind-worker";
  static final String NODE_B = "kind-worker2";

  static final Pod INGRESS =
      new Pod(
          "ingress-nginx",
          "ingress-nginx-controller-6f9c6b6d8b-x2kqv",
          "ingress-nginx-controller",
          "Deployment",
          "10.244.1.10",
          NODE_A,
          Map.of(
              "app.kubernetes.io/name",
              "ingress-nginx",
              "app.kubernetes.io/component",
              "controller",
              "app.kubernetes.io/instance",
              "ingress-nginx",
              "pod-template-hash",
              "6f9c6b6d8b"));
  static final Pod FRONTEND_1 = frontend("frontend-7d9f8b5c4d-h7x2p", "10.244.1.21", NODE_A);
  static final Pod FRONTEND_2 = frontend("frontend-7d9f8b5c4d-q9w4z", "10.244.2.21", NODE_B);
  static final Pod API_1 = api("api-5b8c7d9f6c-m4n8r", "10.244.1.31", NODE_A);
  static final Pod API_2 = api("api-5b8c7d9f6c-t6v2x", "10.244.2.31", NODE_B);
  static final Pod CONSUMER =
      new Pod(
          "voting-consumer",
          "consumer-6c5d8f7b9d-k2j7w",
          "consumer",
          "Deployment",
          "10.244.2.41",
          NODE_B,
          Map.of(
              "app.kubernetes.io/name",
              "consumer",
              "app.kubernetes.io/part-of",
              "voting-app",
              "pod-template-hash",
              "6c5d8f7b9d"));
  static final Pod REDIS =
      new Pod(
          "voting-data",
          "redis-0",
          "redis",
          "StatefulSet",
          "10.244.1.51",
          NODE_A,
          Map.of(
              "app.kubernetes.io/name",
              "redis",
              "app.kubernetes.io/part-of",
              "voting-app",
              "controller-revision-hash",
              "redis-7b9c8d6f5",
              "statefulset.kubernetes.io/pod-name",
              "redis-0",
              "apps.kubernetes.io/pod-index",
              "0"));
  static final Pod POSTGRES =
      new Pod(
          "voting-data",
          "postgres-0",
          "postgres",
          "StatefulSet",
          "10.244.2.52",
          NODE_B,
          Map.of(
              "app.kubernetes.io/name",
              "postgresql",
              "app.kubernetes.io/part-of",
              "voting-app",
              "controller-revision-hash",
              "postgres-5d7f9c8b6",
              "statefulset.kubernetes.io/pod-name",
              "postgres-0",
              "apps.kubernetes.io/pod-index",
              "0"));
  static final Pod COREDNS =
      new Pod(
          "kube-system",
          "coredns-5d78c9869d-8xk2p",
          "coredns",
          "Deployment",
          "10.244.0.5",
          "kind-control-plane",
          Map.of("k8s-app", "kube-dns", "pod-template-hash", "5d78c9869d"));

  static final List<Pod> APP_PODS =
      List.of(INGRESS, FRONTEND_1, FRONTEND_2, API_1, API_2, CONSUMER, REDIS, POSTGRES);

  /** The six application flows; DNS from every pod comes on top. */
  public static final List<Flow> FLOWS =
      List.of(
          new Flow(INGRESS, FRONTEND_1, 80, "TCP"),
          new Flow(INGRESS, FRONTEND_2, 80, "TCP"),
          new Flow(FRONTEND_1, API_1, 8000, "TCP"),
          new Flow(FRONTEND_2, API_2, 8000, "TCP"),
          new Flow(FRONTEND_1, API_2, 8000, "TCP"),
          new Flow(API_1, REDIS, 6379, "TCP"),
          new Flow(API_2, REDIS, 6379, "TCP"),
          new Flow(API_1, POSTGRES, 5432, "TCP"),
          new Flow(API_2, POSTGRES, 5432, "TCP"),
          new Flow(CONSUMER, REDIS, 6379, "TCP"),
          new Flow(CONSUMER, POSTGRES, 5432, "TCP"));

  /** Kubelet probes: the pod's own node to its serving port. */
  static final List<Flow> PROBES =
      List.of(
          new Flow(null, FRONTEND_1, 80, "TCP"),
          new Flow(null, FRONTEND_2, 80, "TCP"),
          new Flow(null, API_1, 8000, "TCP"),
          new Flow(null, API_2, 8000, "TCP"),
          new Flow(null, REDIS, 6379, "TCP"),
          new Flow(null, POSTGRES, 5432, "TCP"));

  private static Pod frontend(String name, String ip, String node) {
    return new Pod(
        "voting-frontend",
        name,
        "frontend",
        "Deployment",
        ip,
        node,
        Map.of(
            "app.kubernetes.io/name",
            "frontend",
            "app.kubernetes.io/part-of",
            "voting-app",
            "pod-template-hash",
            "7d9f8b5c4d"));
  }

  private static Pod api(String name, String ip, String node) {
    return new Pod(
        "voting-api",
        name,
        "api",
        "Deployment",
        ip,
        node,
        Map.of(
            "app.kubernetes.io/name",
            "api",
            "app.kubernetes.io/part-of",
            "voting-app",
            "pod-template-hash",
            "5b8c7d9f6c"));
  }
}
