package io.netpol.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command block of README.md as written, from the root of a copy of the repository, with
 * the built jar (failsafe runs {@code *JarIT} after {@code package}), in document order, and checks
 * exit codes and the output the README shows. One dynamic test per command, named by its README
 * line.
 *
 * <p>How to write README blocks so that this test reads them:
 *
 * <ul>
 *   <li>{@code ```sh} (or bash, shell): every line is a command, run with {@code sh -c} from the
 *       repository root; {@code \} continues a line; {@code #} lines are comments. Each must exit
 *       0; output is not checked.
 *   <li>A plain {@code ```} (or console) block with {@code $ command} lines is a transcript: the
 *       lines after a command, up to the next {@code $}, are its expected output (stdout and stderr
 *       as a terminal shows them); a last line {@code (exit N)} is its expected exit code (default
 *       0). A command followed by no lines has its output unchecked.
 *   <li>In expected output, a line {@code ...} stands for any number of lines, {@code ...} inside a
 *       line for any text, and timing figures ({@code 0.5 s}, {@code 1,552 records/s}) for any.
 *   <li>{@code # needs a cluster} (or {@code # needs Docker}, {@code # needs Kafka}: any {@code #
 *       needs ...} comment): on its own line at the top of a block, the block is not run; after a
 *       command, that command is not run. The reason is printed and the test is reported skipped.
 *       {@link ReadmeClusterJarIT} runs this tool's commands of the blocks that need a cluster.
 *   <li>In a transcript, lines in parentheses after a blank line and right before a command are a
 *       narration of what happened meanwhile ({@code (25 hours later; observe has stored ...)}),
 *       not output; only {@link ReadmeClusterJarIT} can make one true, so it goes in a block that
 *       needs a cluster.
 *   <li>Commands starting with {@code ./mvnw} are the build, which has run before this test: alone
 *       they are skipped, and {@code ./mvnw ... && rest} runs {@code rest}.
 *   <li>{@code <!-- readme-test: output of command N above -->} right before a plain block: the
 *       block is the output of the N-th command of the command block above it.
 *   <li>{@code <!-- readme-test: contents of PATH -->} right before a block: the block is the
 *       contents of PATH (relative to the root) once the commands before it have run.
 *   <li>Other blocks ({@code ```yaml}, {@code ```text}, plain ones without {@code $}) are not run.
 *       Indented code blocks are refused: this test could not see them.
 * </ul>
 *
 * <p>The commands run with an empty home folder (no {@code ~/.kube/config}) and without {@code
 * KUBECONFIG} or {@code NETPOL_DB}, so they see what a new user on a fresh clone sees.
 */
class ReadmeJarIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JAR = ROOT.resolve("target/netpol-recommend.jar");
  private static final long TIMEOUT_SECONDS = 180;

  @TempDir static Path work;

  private final Map<ReadmeScript.Run, String> outputs = new HashMap<>();
  private static Path copy;
  private Path home;

  @AfterAll
  static void unlinkTheJar() throws IOException {
    // The copy links to the real jar: remove the link before JUnit cleans the folder.
    if (copy != null) {
      Files.deleteIfExists(copy.resolve("target/netpol-recommend.jar"));
    }
  }

  @TestFactory
  Stream<DynamicTest> every_readme_command_runs_as_written() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run ./mvnw package first");
    List<ReadmeScript.Step> steps =
        ReadmeScript.parse(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    assertTrue(steps.stream().anyMatch(s -> s instanceof ReadmeScript.Run), "no command found");
    copy = RepositoryCopy.make(ROOT, work.resolve("repo"));
    Files.createDirectories(copy.resolve("target"));
    Files.createSymbolicLink(copy.resolve("target/netpol-recommend.jar"), JAR);
    home = Files.createDirectories(work.resolve("home"));
    return steps.stream().map(s -> DynamicTest.dynamicTest(name(s), () -> check(s)));
  }

  private static String name(ReadmeScript.Step step) {
    String what;
    if (step instanceof ReadmeScript.Run r) {
      what = r.command();
    } else if (step instanceof ReadmeScript.OutputOf o) {
      what = "output of line " + o.run().line();
    } else if (step instanceof ReadmeScript.FileContents f) {
      what = "contents of " + f.path();
    } else {
      what = ((ReadmeScript.Problem) step).message();
    }
    return "README.md:" + step.line() + ": " + what;
  }

  private void check(ReadmeScript.Step step) throws Exception {
    String at = "README.md:" + step.line() + ": ";
    if (step instanceof ReadmeScript.Problem p) {
      fail(at + p.message());
    } else if (step instanceof ReadmeScript.Run r) {
      run(at, r);
    } else if (step instanceof ReadmeScript.OutputOf o) {
      String actual = outputs.get(o.run());
      Assumptions.assumeTrue(
          actual != null, at + "the command at line " + o.run().line() + " did not run");
      compare(at, "README.md:" + o.run().line() + " " + o.run().command(), o.expected(), actual);
    } else if (step instanceof ReadmeScript.FileContents f) {
      Path file = copy.resolve(f.path()).normalize();
      assertTrue(
          file.startsWith(copy) && Files.isRegularFile(file), at + f.path() + " was not written");
      compare(at, f.path(), f.expected(), Files.readString(file));
    }
  }

  private void run(String at, ReadmeScript.Run r) throws Exception {
    if (r.skip() != null) {
      System.out.println(at + "skipped (" + r.skip() + "): " + r.command());
      Assumptions.abort(r.skip());
    }
    if (r.narration() != null) {
      fail(
          at
              + "'"
              + r.narration()
              + "' cannot be made true by this test: a narration goes in a block that needs a"
              + " cluster (ReadmeClusterJarIT carries it out)");
    }
    if (r.note() != null) {
      System.out.println(at + "run " + r.note());
    }
    Path log = Files.createTempFile(work, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", r.command())
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.remove("KUBECONFIG");
    env.remove("NETPOL_DB");
    env.put("HOME", home.toString());
    env.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(at + "still running after " + TIMEOUT_SECONDS + " s: " + r.command());
    }
    String output = Files.readString(log);
    outputs.put(r, output);
    System.out.printf(
        "%sexit %d in %.1f s: %s%n",
        at, p.exitValue(), (System.nanoTime() - started) / 1e9, r.command());
    assertEquals(
        r.exit(),
        p.exitValue(),
        () ->
            at
                + "'"
                + r.command()
                + "' exited "
                + p.exitValue()
                + ", the README says "
                + r.exit()
                + "\n--- output ---\n"
                + output);
    if (r.expected() != null) {
      compare(at, r.command(), r.expected(), output);
    }
  }

  private static void compare(String at, String what, List<String> expected, String actual) {
    if (!OutputMatch.matches(expected, actual)) {
      fail(
          at
              + "the output of '"
              + what
              + "' is not what the README shows; first README line not matched: "
              + OutputMatch.firstMismatch(expected, actual)
              + "\n--- README ---\n"
              + String.join("\n", expected)
              + "\n--- actual ---\n"
              + actual);
    }
  }

  /** The files of the repository without build output and local state. */
  static final class RepositoryCopy {
    private RepositoryCopy() {}

    static Path make(Path root, Path target) throws IOException, InterruptedException {
      List<String> files = gitFiles(root);
      for (String f : files) {
        Path from = root.resolve(f);
        if (!Files.isRegularFile(from)) {
          continue; // deleted in the work tree
        }
        Path to = target.resolve(f);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
      return target;
    }

    /** Tracked and untracked files that .gitignore does not exclude. */
    private static List<String> gitFiles(Path root) throws IOException, InterruptedException {
      Process p =
          new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
              .directory(root.toFile())
              .redirectErrorStream(false)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IOException(
            "git ls-files failed in " + root + ": this test needs a git checkout");
      }
      List<String> files = new ArrayList<>();
      for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
        if (!f.isEmpty()) {
          files.add(f);
        }
      }
      return files;
    }
  }
}
