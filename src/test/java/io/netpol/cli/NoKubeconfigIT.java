package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside a cluster and without a kubeconfig, commands that need the cluster fail at once with one
 * line saying how to name one, instead of waiting on kubernetes.default.svc. fabric8 reads the
 * {@code kubeconfig} system property before {@code $KUBECONFIG}, so in-process runs point it at a
 * file that does not exist; a child process shows the default location (an empty home folder).
 */
@EnableKubernetesMockClient(crud = true)
class NoKubeconfigIT {
  static KubernetesClient client;

  private static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";
  private static final String TRAP = "src/test/resources/policies/dns-trap/";

  @TempDir Path dir;
  private Path db;
  private String previous;

  @BeforeEach
  void storeWithTraffic() {
    previous = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    db = dir.resolve("netpol.db");
    CommandHarness.run("observe", "--db", db.toString(), SAMPLE).exits(0);
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    } else {
      System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
    }
  }

  private String missingKubeconfig() {
    String missing = dir.resolve("no-such-kubeconfig").toString();
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, missing);
    return "netpol-recommend: "
        + String.format(ClusterConfig.NO_KUBECONFIG, "$KUBECONFIG (" + missing + ")")
        + "\n";
  }

  @Test
  void diff_against_the_cluster_without_a_kubeconfig_fails_with_one_line_and_exit_2() {
    String expected = missingKubeconfig();

    CommandHarness.Result r =
        CommandHarness.run(
                "diff", "--db", db.toString(), "--cluster", "--proposed", TRAP + "proposed")
            .exits(2);

    assertEquals(expected, r.err(), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void explain_against_the_cluster_without_a_kubeconfig_fails_the_same_way() {
    String expected = missingKubeconfig();

    CommandHarness.Result r =
        CommandHarness.run(
                "explain --cluster --from voting-api/api --to voting-data/postgres --port 5432"
                    .split(" "))
            .exits(2);

    assertEquals(expected, r.err(), r::toString);
  }

  @Test
  void a_rollout_dry_run_without_a_kubeconfig_fails_the_same_way() {
    String expected = missingKubeconfig().replace("netpol-recommend: ", "netpol-rollout: ");
    Path policies = dir.resolve("policies");
    CommandHarness.run("propose", "--db", db.toString(), "--out", policies.toString()).exits(0);

    CommandHarness.Result r =
        CommandHarness.rollout(
                new TestServices(),
                "next",
                "--plan",
                "rollout-plans/voting-app.yaml",
                "--policies",
                policies.toString(),
                "--db",
                db.toString(),
                "--namespace",
                "voting-data",
                "--dry-run")
            .exits(2);

    assertEquals(expected, r.err(), r::toString);
  }

  @Test
  void a_kubeconfig_named_by_the_environment_is_used() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: %s
              insecure-skip-tls-verify: true
        users:
          - name: tester
            user:
              token: not-a-secret
        contexts:
          - name: mock
            context: {cluster: mock, user: tester}
        current-context: mock
        """
            .formatted(client.getConfiguration().getMasterUrl()));
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());

    CommandHarness.Result r =
        CommandHarness.run(
                "diff", "--db", db.toString(), "--cluster", "--proposed", TRAP + "proposed")
            .exits(1);

    assertTrue(r.out().contains("newly blocked: 2"), r::toString);
  }

  @Test
  void inside_a_pod_or_with_kubernetes_master_set_the_auto_configuration_is_kept() {
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, dir.resolve("none").toString());
    Map<String, String> inPod = Map.of(Config.KUBERNETES_SERVICE_HOST_PROPERTY, "10.96.0.1");
    Map<String, String> master = Map.of(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, "https://k:6443");

    Config a = ClusterConfig.autoConfigure(null, inPod::get, p -> false);
    Config b = ClusterConfig.autoConfigure(null, master::get, p -> false);
    Config c =
        ClusterConfig.autoConfigure(
            null,
            name -> null,
            p -> p.toString().equals(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
    NetpolException none =
        assertThrows(
            NetpolException.class,
            () -> ClusterConfig.autoConfigure(null, name -> null, p -> false));

    assertSame(a.getClass(), b.getClass());
    assertSame(b.getClass(), c.getClass());
    assertEquals(ExitCode.INVALID_INPUT, none.exitCode());
    assertEquals(
        String.format(ClusterConfig.NO_KUBECONFIG, ClusterConfig.DEFAULT_LOCATIONS),
        none.getMessage());
  }

  @Test
  void a_new_user_without_kubeconfig_gets_the_default_locations_named_at_once() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "diff",
            "--db",
            db.toString(),
            "--cluster",
            "--proposed",
            TRAP + "proposed"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("KUBECONFIG");
    pb.environment().remove("KUBERNETES_MASTER");
    pb.environment().put("HOME", home.toString());
    long started = System.nanoTime();
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    System.out.printf(
        "no kubeconfig: exit %d after %.2f s (JVM start included)%n",
        p.exitValue(), (System.nanoTime() - started) / 1e9);

    assertEquals(2, p.exitValue(), output);
    assertEquals(
        "netpol-recommend: "
            + String.format(ClusterConfig.NO_KUBECONFIG, ClusterConfig.DEFAULT_LOCATIONS)
            + "\n",
        output);
  }
}
