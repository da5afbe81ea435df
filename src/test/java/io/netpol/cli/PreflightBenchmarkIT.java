package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a timed test: {@code netpol-rollout next --dry-run} of one namespace of the large
 * generated cluster that bench/diff.sh builds (its store and proposal), in a child JVM with the
 * launcher's 512 MiB heap, against the mock API server holding every namespace of the store and the
 * step's pods. Run by bench/preflight.sh; figures in target/bench/preflight.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@EnableKubernetesMockClient(crud = true)
class PreflightBenchmarkIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final Path JAR = Path.of("target/netpol-recommend.jar");

  @TempDir Path dir;

  @Test
  void next_dry_run_of_one_namespace_of_a_large_cluster() throws Exception {
    Path storeFile = Path.of(System.getProperty("bench.db", "target/bench/cluster.db"));
    Path proposal = Path.of(System.getProperty("bench.proposal", "target/bench/cluster-proposal"));
    String namespace = System.getProperty("bench.namespace", "team-007");
    int runs = Integer.getInteger("bench.runs", 3);
    assertTrue(Files.isRegularFile(storeFile), storeFile + " is missing: run bench/diff.sh first");
    // A copy: the dry run takes the rollout lock in the store.
    Path db = Files.copy(storeFile, dir.resolve("netpol.db"), StandardCopyOption.REPLACE_EXISTING);

    Set<String> namespaces;
    List<Endpoint> pods = new ArrayList<>();
    try (Store store = Store.open(db)) {
      namespaces = store.edges().namespaces();
      for (Endpoint e : store.edges().endpointsByKey().values()) {
        if (e.kind() == EndpointKind.POD && namespace.equals(e.namespace())) {
          pods.add(e);
        }
      }
    }
    namespaces.forEach(ns -> MockCluster.namespace(client, ns));
    for (Endpoint pod : pods) {
      MockCluster.pod(client, namespace, pod.workload() + "-0", pod.labels());
    }
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        "apiVersion: netpol-recommend.io/v1\nkind: RolloutPlan\nmetadata:\n  name: bench\n"
            + "spec:\n  defaults:\n    soak: 1h\n  steps:\n    - namespace: "
            + namespace
            + "\n");
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
            + client.getConfiguration().getMasterUrl()
            + "\n    insecure-skip-tls-verify: true\nusers:\n- name: mock\n  user:\n    token: t\n"
            + "contexts:\n- name: mock\n  context:\n    cluster: mock\n    user: mock\n"
            + "current-context: mock\n");

    StringBuilder figures = new StringBuilder();
    String output = "";
    for (String named : System.getProperty("bench.jars", "this version=" + JAR).split(";")) {
      String name = named.substring(0, named.indexOf('='));
      Path jar = Path.of(named.substring(named.indexOf('=') + 1));
      List<Double> seconds = new ArrayList<>();
      long peak = 0;
      for (int i = 0; i < runs; i++) {
        Path time = dir.resolve("time.txt");
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o"));
        command.add(time.toString());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("bench.jvm", "-Xmx512m").split(" ")));
        command.addAll(List.of("-cp", jar.toString(), RolloutMain.class.getName()));
        command.addAll(
            List.of(
                "next",
                "--namespace",
                namespace,
                "--dry-run",
                "--plan",
                plan.toString(),
                "--db",
                db.toString(),
                "--policies",
                proposal.toString(),
                "--kubeconfig",
                kubeconfig.toString()));
        long started = System.nanoTime();
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "next --dry-run ended");
        seconds.add((System.nanoTime() - started) / 1e9);
        output = Files.readString(out);
        assertEquals(0, p.exitValue(), name + ":\n" + output);
        List<String> rss = Files.readAllLines(time);
        peak = Math.max(peak, Long.parseLong(rss.get(rss.size() - 1).trim()));
      }
      List<Double> sorted = seconds.stream().sorted().toList();
      figures.append(
          String.format(
              "next --dry-run -n %s | %s | %.2f s (median of %d), peak RSS %d MiB%n",
              namespace, name, sorted.get(sorted.size() / 2), runs, peak / 1024));
    }
    String head =
        String.format(
            "%d namespaces in the cluster, %d pods in the step, load average %s%n",
            namespaces.size(), pods.size(), Files.readString(Path.of("/proc/loadavg")).trim());
    Files.createDirectories(Path.of("target/bench"));
    Files.writeString(Path.of("target/bench/preflight.txt"), head + figures + output);
    System.out.print(head + figures);
  }
}
