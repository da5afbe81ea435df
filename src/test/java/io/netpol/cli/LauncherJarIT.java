package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/netpol-recommend with the packaged jar (failsafe runs {@code *JarIT} after package). */
class LauncherJarIT {
  @TempDir Path dir;

  private static final String POLICY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: svc-%1$d-ingress
        namespace: team-%2$d
        labels:
          app.kubernetes.io/managed-by: netpol-recommend
      spec:
        podSelector:
          matchLabels:
            app.kubernetes.io/name: svc-%1$d
        policyTypes:
          - Ingress
        ingress:
          - from:
              - podSelector:
                  matchLabels:
                    app.kubernetes.io/name: client-%1$d
            ports:
              - port: 8080
                protocol: TCP
      """;

  @Test
  void a_diff_that_runs_out_of_memory_ends_with_one_line_saying_how_to_give_more_and_exit_4()
      throws Exception {
    Path db = dir.resolve("n.db");
    Store.open(db).close();
    Path proposal = Files.createDirectories(dir.resolve("proposal"));
    for (int i = 0; i < 4000; i++) {
      Path ns = Files.createDirectories(proposal.resolve("team-" + i % 40));
      Files.writeString(ns.resolve("svc-" + i + ".yaml"), String.format(POLICY, i, i % 40));
    }
    Path empty = Files.createDirectories(dir.resolve("deployed"));

    ProcessBuilder pb =
        new ProcessBuilder(
                "sh",
                "bin/netpol-recommend",
                "diff",
                "--db",
                db.toString(),
                "--proposed",
                proposal.toString(),
                "--deployed",
                empty.toString())
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile());
    pb.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Far too small a heap for 4,000 policies.
    pb.environment().put("NETPOL_JAVA_OPTS", "-Xmx12m");
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ended");

    List<String> err = Files.readAllLines(dir.resolve("err"), StandardCharsets.UTF_8);
    String out = Files.readString(dir.resolve("out"));
    assertEquals(4, p.exitValue(), "stderr: " + err + "\nstdout: " + out);
    assertEquals(1, err.size(), err::toString);
    assertTrue(err.get(0).startsWith("netpol-recommend: out of memory ("), err.get(0));
    assertTrue(err.get(0).endsWith(OutOfMemory.HOW_TO_GIVE_MORE), err.get(0));
    assertEquals("", out);
  }
}
