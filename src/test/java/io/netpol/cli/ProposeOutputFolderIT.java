package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netpol.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code propose --out}: the folder as a whole (real files): dry runs, runs for some namespaces
 * into a folder holding others, files the tool did not write, permissions and symbolic links.
 */
class ProposeOutputFolderIT {
  static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";

  @TempDir Path tmp;
  Path db;
  Path out;

  @BeforeEach
  void observe() {
    db = tmp.resolve("netpol.db");
    out = tmp.resolve("policies");
    CommandHarness.run("observe", "--db", db.toString(), SAMPLE).exits(0);
  }

  private CommandHarness.Result propose(String... more) {
    List<String> args =
        new ArrayList<>(List.of("propose", "--db", db.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    return CommandHarness.run(args.toArray(String[]::new));
  }

  /** Every file under {@code dir} with its bytes, links not followed. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        String rel = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          files.put(rel, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          files.put(rel, Files.readString(p));
        } else {
          files.put(rel + "/", "");
        }
      }
    }
    return files;
  }

  private List<String> kustomizationResources() throws IOException {
    JsonNode k =
        new ObjectMapper(new YAMLFactory()).readTree(out.resolve("kustomization.yaml").toFile());
    List<String> resources = new ArrayList<>();
    k.path("resources").forEach(r -> resources.add(r.asText()));
    return resources;
  }

  private List<String> policyFilesOnDisk() throws IOException {
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(p -> p.getNameCount() == out.getNameCount() + 2)
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> ProposalFiles.owned(out.toAbsolutePath(), p))
          .map(p -> out.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void a_dry_run_lists_what_would_be_written_and_removed_and_writes_nothing() throws Exception {
    CommandHarness.Result first = propose("--dry-run").exits(0);
    assertFalse(Files.exists(out), "nothing written: " + first);
    assertTrue(
        first.out().contains("would write voting-data/netpol-recommend-redis-ingress.yaml (new)"),
        first::toString);
    assertTrue(
        first.out().contains("would write kustomization.yaml listing 15 policies"),
        first::toString);
    assertTrue(first.out().endsWith("dry run: nothing written to " + out + "\n"), first::toString);
    assertTrue(first.err().contains("propose: 15 policies"), "the review still prints: " + first);

    propose().exits(0);
    Map<String, String> before = snapshot(out);
    // Evidence seen fewer than 11 times is dropped: the postgres and redis policies would go.
    CommandHarness.Result r =
        propose("-n", "voting-data", "--min-count", "11", "--dry-run").exits(0);

    assertEquals(before, snapshot(out), "a dry run writes nothing");
    assertTrue(
        r.out()
            .contains(
                "would remove voting-data/netpol-recommend-redis-ingress.yaml (no longer proposed)"),
        r::toString);
    assertTrue(
        r.out().contains("would write voting-data/netpol-recommend-allow-dns.yaml (changed)"),
        r::toString);
    assertTrue(
        r.out()
            .contains(
                "would remove voting-data/netpol-recommend-postgres-ingress.yaml (no longer proposed)"),
        r::toString);
    assertTrue(r.out().contains("would write kustomization.yaml listing 13 policies"), r::toString);
    assertEquals(
        2, CommandHarness.run("propose", "--db", db.toString(), "--dry-run").exit(), "needs --out");
  }

  @Test
  void a_run_for_one_namespace_keeps_listing_every_policy_the_tool_owns_in_the_folder()
      throws Exception {
    propose().exits(0);
    assertEquals(policyFilesOnDisk(), kustomizationResources());

    CommandHarness.Result r = propose("-n", "voting-data", "--min-count", "11").exits(0);

    assertEquals(13, kustomizationResources().size(), r::toString);
    assertEquals(policyFilesOnDisk(), kustomizationResources(), "the folder and its list agree");
    assertTrue(
        r.err()
            .contains(
                "wrote 2 policies to "
                    + out
                    + " and kustomization.yaml listing them and 11"
                    + " more of other namespaces written before"),
        r::toString);
    assertTrue(
        r.err()
            .contains(
                "removed 2 policies an earlier run wrote that are no longer proposed:"
                    + " voting-data/netpol-recommend-postgres-ingress.yaml, voting-data/netpol-recommend-redis-ingress.yaml"),
        r::toString);
  }

  @Test
  void files_the_tool_did_not_write_stay_untouched_are_named_once_and_do_not_fail_diff()
      throws Exception {
    propose().exits(0);
    Files.writeString(out.resolve("README.md"), "# reviewed by the platform team\n");
    Files.writeString(out.resolve("voting-data/values.yaml"), "owner: data-team\nreplicas: 3\n");
    Files.writeString(out.resolve("voting-data/broken.yaml"), "key: [unclosed\n");
    Object inode = Files.getAttribute(out.resolve("README.md"), "unix:ino");

    CommandHarness.Result r = propose("-n", "voting-data").exits(0);

    assertEquals("# reviewed by the platform team\n", Files.readString(out.resolve("README.md")));
    assertEquals(inode, Files.getAttribute(out.resolve("README.md"), "unix:ino"), "the same file");
    assertEquals(
        "owner: data-team\nreplicas: 3\n",
        Files.readString(out.resolve("voting-data/values.yaml")));
    assertEquals(1, r.err().lines().filter(l -> l.contains("did not write")).count(), r::toString);
    assertTrue(
        r.err()
            .contains(
                "left alone 3 files netpol-recommend did not write: README.md,"
                    + " voting-data/broken.yaml, voting-data/values.yaml"),
        r::toString);
    assertFalse(kustomizationResources().contains("voting-data/values.yaml"));

    Path deployed = Files.createDirectories(tmp.resolve("deployed"));
    CommandHarness.Result diff =
        CommandHarness.run(
                "diff",
                "--db",
                db.toString(),
                "--proposed",
                out.toString(),
                "--deployed",
                deployed.toString())
            .exits(0);
    assertTrue(diff.out().contains("15 added"), diff::toString);
    assertEquals(
        List.of(
            "diff: note: "
                + out.resolve("voting-data/broken.yaml")
                + ": not valid YAML/JSON: while parsing a flow sequence: expected ',' or ']', but"
                + " got <stream end> (line 1); skipped",
            "diff: note: "
                + out.resolve("voting-data/values.yaml")
                + " document 1: no kind; expected kind: NetworkPolicy; skipped"),
        diff.err().lines().toList(),
        "each file that is not a Kubernetes object is named once, on one line");
  }

  @Test
  void a_hand_written_file_where_a_policy_would_go_is_never_overwritten() throws Exception {
    propose().exits(0);
    Path mine = out.resolve("voting-data/netpol-recommend-default-deny.yaml");
    String handWritten =
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n"
            + "  namespace: voting-data\nspec:\n  podSelector: {}\n";
    Files.writeString(mine, handWritten);

    CommandHarness.Result r = propose().exits(2);

    assertEquals(handWritten, Files.readString(mine));
    assertTrue(
        r.err()
            .contains(
                "refusing to write voting-data/netpol-recommend-default-deny.yaml in "
                    + out
                    + ": a file the tool did not write is there"),
        r::toString);
  }

  @Test
  void proposal_files_and_folders_are_for_their_owner_only() throws Exception {
    propose().exits(0);

    assertOwnerOnly();
  }

  @Test
  void they_are_for_their_owner_only_even_under_a_umask_that_takes_the_owners_own_bits()
      throws Exception {
    propose().exits(0);
    propose("--min-count", "11").exits(0);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A child JVM, for the umask is the process's: 0277 leaves files created 0600 as 0400.
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask 0277 && exec \"$@\"",
                "sh",
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "propose",
                "--db",
                db.toString(),
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(0, p.waitFor(), output);
    assertTrue(output.contains("wrote "), output);
    assertOwnerOnly();
  }

  /** Every file under --out is 0600, every folder 0700. */
  private void assertOwnerOnly() throws IOException {
    TreeSet<String> modes = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : walk.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertEquals(
            Files.isDirectory(p) ? OwnerOnlyFiles.FOLDER : OwnerOnlyFiles.FILE,
            Files.getPosixFilePermissions(p),
            p + " is " + mode);
        modes.add(mode);
      }
    }
    assertEquals(new TreeSet<>(List.of("rw-------", "rwx------")), modes);
  }

  @Test
  void a_namespace_folder_linked_to_a_sibling_is_refused_and_neither_folder_changes()
      throws Exception {
    propose().exits(0);
    Path api = out.resolve("voting-api");
    try (Stream<Path> files = Files.list(api)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(api);
    Files.createSymbolicLink(api, Path.of("voting-consumer"));
    Map<String, String> before = snapshot(out);

    CommandHarness.Result r = propose().exits(2);

    assertEquals(before, snapshot(out), "nothing written, through the link or anywhere");
    assertEquals(
        "netpol-recommend: refusing to write to "
            + out
            + ": "
            + api.toAbsolutePath()
            + " is a symbolic link; nothing under the output folder may be a link: replace it with"
            + " a real folder or file, or choose another folder\n",
        r.err());
  }

  @Test
  void a_linked_file_or_a_linked_output_folder_is_refused_too() throws Exception {
    propose().exits(0);
    Path outside = Files.writeString(tmp.resolve("outside.yaml"), "secret: keep\n");
    Files.createSymbolicLink(out.resolve("voting-data/extra.yaml"), outside);
    propose().exits(2);
    assertEquals("secret: keep\n", Files.readString(outside));

    Path link = tmp.resolve("link-to-policies");
    Files.createSymbolicLink(link, out);
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "--out", link.toString()).exits(2);
    assertTrue(r.err().contains(link + " is a symbolic link"), r::toString);
  }

  @Test
  void the_folder_is_replaced_as_a_whole_and_leaves_nothing_beside_it() throws Exception {
    propose().exits(0);
    Object before = Files.getAttribute(out, "unix:ino", LinkOption.NOFOLLOW_LINKS);

    propose("--min-count", "11").exits(0);

    assertNotEquals(before, Files.getAttribute(out, "unix:ino"), "a new folder renamed into place");
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(
          List.of("policies"),
          siblings
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("netpol.db"))
              .toList());
    }
  }
}
