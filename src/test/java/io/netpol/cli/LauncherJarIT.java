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

  /**
   * Options the launches below pass in NETPOL_JAVA_OPTS before their logging (each ends in a
   * space).
   */
  private String extraJavaOptions = "";

  /** Runs {@code bin/netpol-recommend args} of {@code clone}; stdout, stderr written beside. */
  private Process launch(Path clone, String name, String... args) throws Exception {
    return launchReading(null, clone, name, args);
  }

  /** The same with standard input read from {@code input} (none when null). */
  private Process launchReading(Path input, Path clone, String name, String... args)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("sh", "bin/netpol-recommend"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(clone.toFile())
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    if (input != null) {
      pb.redirectInput(input.toFile());
    }
    pb.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment()
        .put(
            "NETPOL_JAVA_OPTS",
            extraJavaOptions
                + "-Xlog:class+load=info:file="
                + dir.resolve(name + ".classes")
                + " -Xlog:pagesize=info:file="
                + dir.resolve(name + ".pages"));
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ended");
    return p;
  }

  private long fromTheArchive(String name) throws Exception {
    try (var lines = Files.lines(dir.resolve(name + ".classes"))) {
      return lines.filter(l -> l.contains("source: shared objects file (top)")).count();
    }
  }

  private static final Path SAMPLE = Path.of("collectors/samples/voting-app-hubble.jsonl");

  /** A clone of its own: the launcher, the sample it trains on and a copy of the jar. */
  private Path cloneWithJar() throws Exception {
    Path clone = dir.resolve("clone");
    Path bin = Files.createDirectories(clone.resolve("bin"));
    Files.copy(Path.of("bin/netpol-recommend"), bin.resolve("netpol-recommend"));
    Path samples = Files.createDirectories(clone.resolve("collectors/samples"));
    Files.copy(SAMPLE, samples.resolve(SAMPLE.getFileName()));
    Path jar = Files.createDirectories(clone.resolve("target")).resolve("netpol-recommend.jar");
    Files.copy(Path.of("target/netpol-recommend.jar"), jar);
    return clone;
  }

  @Test
  void observe_makes_its_class_archive_once_per_jar_without_reading_the_standard_input_it_is_given()
      throws Exception {
    Path clone = cloneWithJar();
    // What observe stores when run in this JVM, as flows lists it.
    Path reference = dir.resolve("reference.db");
    CommandHarness.run("observe", "--db", reference.toString(), SAMPLE.toString()).exits(0);
    String expected = CommandHarness.run("flows", "--db", reference.toString()).exits(0).out();
    Path archive = clone.resolve("target/observe.jsa");

    // The JVM's flags go to stdout, which observe leaves empty otherwise.
    extraJavaOptions = "-XX:+PrintFlagsFinal ";
    // The first observe reads its records from standard input while the archive is made.
    Path first = dir.resolve("first.db");
    Process made = launchReading(SAMPLE, clone, "first", "observe", "--db", first.toString(), "-");
    assertEquals(0, made.exitValue(), () -> read("first.err"));
    assertTrue(Files.isRegularFile(archive), "made by the first observe");
    var madeAt = Files.getLastModifiedTime(archive);
    Path second = dir.resolve("second.db");
    Process on = launch(clone, "second", "observe", "--db", second.toString(), SAMPLE.toString());
    assertEquals(0, on.exitValue(), () -> read("second.err"));

    for (Path db : List.of(first, second)) {
      assertEquals(
          expected,
          CommandHarness.run("flows", "--db", db.toString()).exits(0).out(),
          db.toString());
    }
    assertTrue(read("first.err").contains("read 770 records"), () -> read("first.err"));
    // Standard input may be read for days: both compilers; files end with them: the client one.
    assertEquals("4", compilerLevel("first"), "standard input");
    assertEquals("1", compilerLevel("second"), "a file");
    assertTrue(fromTheArchive("second") > 500, "the second observe mapped its classes from it");
    assertEquals(madeAt, Files.getLastModifiedTime(archive), "made once");
    try (var left = Files.list(clone.resolve("target"))) {
      assertEquals(
          List.of("netpol-recommend.jar", "observe.jsa"),
          left.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  /** TieredStopAtLevel as the JVM of run {@code name} printed it. */
  private String compilerLevel(String name) {
    return read(name + ".out")
        .lines()
        .filter(l -> l.matches("\\s*intx TieredStopAtLevel\\s.*"))
        .map(l -> l.replaceAll(".*= *(\\d+).*", "$1"))
        .findFirst()
        .orElse("not printed");
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void propose_makes_its_class_archive_once_per_jar_and_writes_the_same_policies_on_it()
      throws Exception {
    Path clone = cloneWithJar();
    Path jar = clone.resolve("target/netpol-recommend.jar");
    Path db = dir.resolve("n.db");
    CommandHarness.run("observe", "--db", db.toString(), SAMPLE.toString()).exits(0);
    String expected = CommandHarness.run("propose", "--db", db.toString()).exits(0).out();
    Path archive = clone.resolve("target/propose.jsa");

    assertEquals(0, launch(clone, "first", "propose", "--db", db.toString()).exitValue());
    assertTrue(Files.isRegularFile(archive), "made by the first propose");
    var made = Files.getLastModifiedTime(archive);
    assertEquals(0, launch(clone, "second", "propose", "--db", db.toString()).exitValue());

    // The heap on transparent huge pages where the system offers them, on small pages elsewhere.
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean offered =
        Files.isReadable(thp) && Files.readString(thp).matches("(?s).*\\[(always|madvise)\\].*");
    for (String run : List.of("first", "second")) {
      assertEquals(expected, Files.readString(dir.resolve(run + ".out")), run);
      assertEquals(
          "", Files.readString(dir.resolve(run + ".err")).replaceAll("(?s)^propose: .*", ""));
      assertTrue(fromTheArchive(run) > 500, run + " mapped its classes from the archive");
      assertTrue(
          Files.readString(dir.resolve(run + ".pages"))
              .contains("UseTransparentHugePages=" + (offered ? 1 : 0)),
          run);
    }
    assertEquals(made, Files.getLastModifiedTime(archive), "made once");
    try (var left = Files.list(clone.resolve("target"))) {
      assertEquals(
          List.of("netpol-recommend.jar", "propose.jsa"),
          left.map(f -> f.getFileName().toString()).sorted().toList());
    }

    // A jar built after the archive: the next propose makes it again.
    Files.setLastModifiedTime(
        jar, java.nio.file.attribute.FileTime.from(made.toInstant().plusSeconds(5)));
    assertEquals(0, launch(clone, "rebuilt", "propose", "--db", db.toString()).exitValue());
    assertEquals(expected, Files.readString(dir.resolve("rebuilt.out")));
    assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "made again");
  }
}
