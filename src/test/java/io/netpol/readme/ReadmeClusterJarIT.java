package io.netpol.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.cli.ClockedRolloutMain;
import io.netpol.cli.MockCluster;
import io.netpol.cli.VotingCluster;
import io.netpol.cli.VotingFlows;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's blocks that {@code # need a cluster}, as written, in document order, from a
 * copy of the repository where the quickstart's first command has run, and checks exit codes and
 * the output they show, as {@link ReadmeJarIT} does for the others. The cluster is fabric8's mock
 * API server in CRUD mode holding the voting app (its namespaces and pods, and a policy a team
 * owns), reached through {@code KUBECONFIG}; it answers the SelfSubjectReview as kind's API server
 * does for its admin ({@code kubernetes-admin}).
 *
 * <p>The commands run through {@code bin/netpol-rollout} with the built jar; only the JVM they
 * start is told the time: a stand-in {@code java} runs {@link ClockedRolloutMain} instead of {@code
 * RolloutMain}, so a soak of a day passes between two commands at once. The clock starts at
 * 2026-11-21T10:00:00Z, stands still while a command runs, and runs on during a {@code --watch}.
 *
 * <p>A narration in a transcript ({@code (25 hours later; ...)} on lines of their own before a
 * command, see {@link ReadmeScript.Run#narration()}) is carried out before the command; its
 * clauses, separated by {@code ;}, must be among {@link #CLAUSES}. Watch lines start with the time
 * of their evaluation, which no two runs share, and repeat unchanged for as long as nothing
 * changes: the comparison reads any time in their place and one line for a run of equal ones.
 */
@EnableKubernetesMockClient(crud = true)
class ReadmeClusterJarIT {
  static KubernetesMockServer server;

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JAR = ROOT.resolve("target/netpol-recommend.jar");
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String NEEDS_A_CLUSTER = "needs a cluster";
  private static final String OURS = "bin/netpol-";

  private static final Pattern LATER = Pattern.compile("(\\d+) hours later");
  private static final Pattern STORED =
      Pattern.compile(
          "observe has stored (\\d+) new connections into voting-data, none denied"
              + "(, none the staged policies would deny)?");
  private static final Pattern DURING_WATCH =
      Pattern.compile(
          "after the watch's first evaluation, observe stores (\\d+) new connections into"
              + " voting-data, all denied");
  private static final List<Pattern> CLAUSES = List.of(LATER, STORED, DURING_WATCH);
  private static final Pattern DB = Pattern.compile("--db (\\S+)");
  private static final Pattern WATCH_TIME =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z  ");

  @TempDir static Path work;
  private static Path copy;

  private Path home;
  private Path kubeconfig;
  private Path java;
  private Instant now = Instant.parse("2026-11-21T10:00:00Z");
  private int port = 52000;

  @AfterAll
  static void unlinkTheJar() throws IOException {
    if (copy != null) {
      Files.deleteIfExists(copy.resolve("target/netpol-recommend.jar"));
    }
  }

  @TestFactory
  Stream<DynamicTest> every_readme_block_that_needs_a_cluster_prints_what_it_shows()
      throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run ./mvnw package first");
    List<ReadmeScript.Step> steps =
        ReadmeScript.parse(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    ReadmeScript.Run quickstart =
        steps.stream()
            .filter(s -> s instanceof ReadmeScript.Run r && r.skip() == null)
            .map(ReadmeScript.Run.class::cast)
            .findFirst()
            .orElseThrow();
    List<ReadmeScript.Run> cluster =
        steps.stream()
            .filter(s -> s instanceof ReadmeScript.Run r && NEEDS_A_CLUSTER.equals(r.skip()))
            .map(ReadmeScript.Run.class::cast)
            .toList();
    assertTrue(cluster.size() >= 10, "the rollout walkthrough's cluster commands: " + cluster);

    copy = ReadmeJarIT.RepositoryCopy.make(ROOT, work.resolve("repo"));
    Files.createDirectories(copy.resolve("target"));
    Files.createSymbolicLink(copy.resolve("target/netpol-recommend.jar"), JAR);
    home = Files.createDirectories(work.resolve("home"));
    kubeconfig = MockCluster.kubeconfig(server, work.resolve("kubeconfig"));
    java = clockedJava();
    KubernetesClient client = server.createClient();
    VotingCluster.seed(client);
    client.close();
    MockCluster.answerWhoAmI(server, "kubernetes-admin").always();

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "README.md:" + quickstart.line() + ": " + quickstart.command(),
            () ->
                assertEquals(0, run(quickstart.command(), false, null).exit(), "the quickstart")));
    for (ReadmeScript.Run r : cluster) {
      tests.add(
          DynamicTest.dynamicTest("README.md:" + r.line() + ": " + r.command(), () -> check(r)));
    }
    return tests.stream();
  }

  private void check(ReadmeScript.Run r) throws Exception {
    String at = "README.md:" + r.line() + ": ";
    if (!r.command().startsWith(OURS)) {
      // kubectl, probes against real pods: what the mock API server cannot stand in for.
      System.out.println(at + "skipped (not " + OURS + "...): " + r.command());
      Assumptions.abort("needs a real cluster: " + r.command());
    }
    boolean watch = r.command().contains(" --watch");
    Runnable during = null;
    if (r.narration() != null) {
      during = narrate(at, r, watch);
    }
    Ran ran = run(r.command(), watch, during);
    System.out.printf("%sexit %d: %s%n", at, ran.exit(), r.command());
    assertEquals(
        r.exit(),
        ran.exit(),
        () ->
            at
                + "'"
                + r.command()
                + "' exited "
                + ran.exit()
                + ", the README says "
                + r.exit()
                + "\n--- output ---\n"
                + ran.output());
    if (r.expected() == null) {
      return;
    }
    List<String> expected = watch ? watchLines(r.expected()) : r.expected();
    String actual =
        watch ? String.join("\n", watchLines(List.of(ran.output().split("\n")))) : ran.output();
    if (!OutputMatch.matches(expected, actual)) {
      fail(
          at
              + "the output of '"
              + r.command()
              + "' is not what the README shows; first README line not matched: "
              + OutputMatch.firstMismatch(expected, actual)
              + "\n--- README ---\n"
              + String.join("\n", r.expected())
              + "\n--- actual ---\n"
              + ran.output());
    }
  }

  /**
   * Carries out the narration before {@code r}; returns what is to happen while it runs (after a
   * watch's first evaluation), or null.
   */
  private Runnable narrate(String at, ReadmeScript.Run r, boolean watch) throws Exception {
    String text = r.narration();
    Matcher db = DB.matcher(r.command());
    assertTrue(db.find(), at + "a narration goes before a command with --db");
    Runnable during = null;
    for (String clause : text.substring(1, text.length() - 1).split(";")) {
      String c = clause.strip();
      Matcher later = LATER.matcher(c);
      Matcher stored = STORED.matcher(c);
      Matcher meanwhile = DURING_WATCH.matcher(c);
      if (later.matches()) {
        now = now.plus(Duration.ofHours(Long.parseLong(later.group(1))));
      } else if (stored.matches()) {
        observe(db.group(1), VotingFlows.Kind.ALLOWED, Integer.parseInt(stored.group(1)));
      } else if (meanwhile.matches() && watch) {
        int count = Integer.parseInt(meanwhile.group(1));
        during =
            () -> {
              try {
                observe(db.group(1), VotingFlows.Kind.DENIED, count);
              } catch (Exception e) {
                throw new AssertionError(at + "observe beside the watch failed", e);
              }
            };
      } else {
        fail(
            at
                + "this test cannot carry out '"
                + c
                + "' of the narration "
                + text
                + "; it knows (separated by ';'): "
                + CLAUSES.stream().map(Pattern::pattern).toList()
                + (meanwhile.matches() ? " (the last one before a --watch only)" : ""));
      }
    }
    return during;
  }

  /** Stores {@code count} new connections voting-api/api -> voting-data/postgres with observe. */
  private void observe(String db, VotingFlows.Kind kind, int count) throws Exception {
    Path flows = work.resolve("flows-" + port + ".jsonl");
    port = VotingFlows.append(flows, kind, port, count);
    Ran ran = run("bin/netpol-recommend observe --db " + db + " " + flows, false, null);
    assertEquals(0, ran.exit(), ran::output);
  }

  /** A watch's lines with any time in place of each evaluation's, runs of equal lines as one. */
  private static List<String> watchLines(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String line = WATCH_TIME.matcher(l).replaceFirst("<time>  ");
      if (out.isEmpty() || !out.get(out.size() - 1).equals(line) || !line.startsWith("<time>")) {
        out.add(line);
      }
    }
    return out;
  }

  private record Ran(int exit, String output) {}

  /**
   * Runs {@code command} with {@code sh -c} from the copy; {@code during} (with a watch) runs once
   * the watch has printed its first evaluation.
   */
  private Ran run(String command, boolean watch, Runnable during) throws Exception {
    Path log = Files.createTempFile(work, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", command)
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.remove("NETPOL_DB");
    env.remove("NETPOL_JAVA_OPTS");
    env.put("HOME", home.toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("JAVA", java.toString());
    env.put("NETPOL_TEST_NOW", now.toString());
    env.put("NETPOL_TEST_CLOCK_RUNNING", String.valueOf(watch));
    Process p = pb.start();
    try {
      if (during != null) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Files.readAllLines(log).stream().noneMatch(l -> WATCH_TIME.matcher(l).find())) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            fail("the watch printed no evaluation:\n" + Files.readString(log));
          }
          Thread.sleep(50);
        }
        during.run();
      }
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail("still running after " + TIMEOUT.toSeconds() + " s: " + command);
      }
    } finally {
      p.destroyForcibly().waitFor();
    }
    return new Ran(p.exitValue(), Files.readString(log));
  }

  /**
   * The {@code java} that bin/netpol-rollout starts ({@code JAVA}): the real one, with this test's
   * classes after the jar and {@link ClockedRolloutMain} in place of RolloutMain.
   */
  private static Path clockedJava() throws IOException {
    Path real = Path.of(System.getProperty("java.home"), "bin", "java");
    Path testClasses = ROOT.resolve("target/test-classes");
    Path script = work.resolve("java");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "first=1\n"
            + "prev=\n"
            + "for a do\n"
            + "  if [ \"$first\" = 1 ]; then set --; first=0; fi\n"
            + "  if [ \"$prev\" = -cp ]; then a=\"$a:"
            + testClasses
            + "\"; fi\n"
            + "  if [ \"$a\" = io.netpol.cli.RolloutMain ]; then\n"
            + "    set -- \"$@\" \"-D"
            + ClockedRolloutMain.NOW
            + "=$NETPOL_TEST_NOW\" \"-D"
            + ClockedRolloutMain.RUNNING
            + "=$NETPOL_TEST_CLOCK_RUNNING\" "
            + ClockedRolloutMain.class.getName()
            + "\n"
            + "  else\n"
            + "    set -- \"$@\" \"$a\"\n"
            + "  fi\n"
            + "  prev=$a\n"
            + "done\n"
            + "exec '"
            + real
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
