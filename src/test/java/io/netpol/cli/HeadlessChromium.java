package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}) that loads a page, runs its scripts and
 * dumps the DOM, with the browser's console on stderr. Missing Chromium fails the test in CI
 * (environment {@code CI} set, as .ci/run runs) and skips it, saying why, elsewhere.
 */
final class HeadlessChromium {
  static final String MISSING =
      "headless Chromium not found (looked at $CHROMIUM, /usr/bin/chromium, chromium and"
          + " chromium-browser on PATH): install it with 'apt-get install -y chromium' (.ci/run does)";

  /** The DOM after the page's scripts ran, and every line the browser logged. */
  record Page(String dom, List<String> console, String log) {}

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  static HeadlessChromium find() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/usr/bin/chromium"));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "chromium"));
        candidates.add(Path.of(dir, "chromium-browser"));
      }
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return new HeadlessChromium(p);
      }
    }
    if (System.getenv("CI") != null) {
      fail(MISSING);
    }
    Assumptions.abort(MISSING);
    return null;
  }

  /** Loads {@code html} from disk with networking off and returns the DOM and the console. */
  Page load(Path html, Path scratch) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    List<String> command = new ArrayList<>(flags(profile));
    command.add("--enable-logging=stderr");
    command.add("--v=0");
    command.add("--dump-dom");
    command.add(html.toUri().toString());
    Path out = scratch.resolve(html.getFileName() + ".dom");
    Path err = scratch.resolve(html.getFileName() + ".log");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish loading " + html + " within 120 s");
    }
    String log = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium failed on " + html + ":\n" + log);
    List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Page(Files.readString(out, StandardCharsets.UTF_8), console, log);
  }

  /** Flags that work as root in a container, with no network and a fresh profile. */
  List<String> flags(Path profile) {
    return List.of(
        binary.toString(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
  }
}
