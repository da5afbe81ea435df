package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The launchers in bin/, run as a user runs them on a clone that was never built. */
class LaunchersIT {
  @TempDir Path clone;

  @ParameterizedTest
  @ValueSource(strings = {"netpol-recommend", "netpol-rollout"})
  void without_a_built_jar_a_launcher_exits_2_and_says_how_to_build(String launcher)
      throws Exception {
    Path bin = Files.createDirectories(clone.resolve("bin"));
    Files.copy(Path.of("bin", launcher), bin.resolve(launcher), StandardCopyOption.COPY_ATTRIBUTES);

    Process p =
        new ProcessBuilder("sh", "bin/" + launcher, "--help")
            .directory(clone.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));

    assertEquals(2, p.exitValue(), output);
    String root = clone.toRealPath().toString();
    assertEquals(
        launcher
            + ": "
            + root
            + "/target/netpol-recommend.jar not found: build it first with: (cd "
            + root
            + " && ./mvnw -q package -DskipTests)\n",
        output);
  }
}
