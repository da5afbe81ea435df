package io.netpol.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder written as a whole, on real files. */
class OutputFolderTest {
  @TempDir Path tmp;

  private static SortedMap<String, byte[]> files(String... pathsAndTexts) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      files.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static boolean ours(Path file) {
    try {
      return Files.readString(file).startsWith("ours");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The folder {@code out} holding {@code files}, written by the tool. */
  private Path written(SortedMap<String, byte[]> files) throws Exception {
    Path out = tmp.resolve("out");
    OutputFolder.apply(
        OutputFolder.plan(OutputFolder.read(out, OutputFolderTest::ours), files, Set.of()));
    return out;
  }

  private List<String> siblings() throws Exception {
    try (Stream<Path> list = Files.list(tmp)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_new_folder_appears_complete_and_only_for_its_owner() throws Exception {
    Path out = written(files("a/one.yaml", "ours 1", "k.yaml", "ours"));

    assertEquals("ours 1", Files.readString(out.resolve("a/one.yaml")));
    assertEquals(OwnerOnlyFiles.FOLDER, Files.getPosixFilePermissions(out));
    assertEquals(OwnerOnlyFiles.FOLDER, Files.getPosixFilePermissions(out.resolve("a")));
    assertEquals(OwnerOnlyFiles.FILE, Files.getPosixFilePermissions(out.resolve("a/one.yaml")));
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void a_rewrite_removes_what_it_is_told_keeps_the_rest_and_carries_foreign_files_over()
      throws Exception {
    Path out =
        written(files("a/one.yaml", "ours 1", "a/two.yaml", "ours 2", "b/three.yaml", "ours 3"));
    Files.writeString(out.resolve("a/notes.txt"), "theirs");
    Files.createDirectories(out.resolve("docs/deep"));
    Files.writeString(out.resolve("docs/deep/x.md"), "theirs too");
    Object inode = Files.getAttribute(out.resolve("a/notes.txt"), "unix:ino");

    OutputFolder.Contents now = OutputFolder.read(out, OutputFolderTest::ours);
    OutputFolder.Plan plan =
        OutputFolder.plan(now, files("a/one.yaml", "ours 1b"), Set.of("a/two.yaml"));
    assertEquals(Set.of("a/one.yaml"), plan.changed());
    assertEquals(Set.of("a/two.yaml"), plan.removed());
    assertEquals(Set.of("b/three.yaml"), plan.kept());
    OutputFolder.apply(plan);

    assertEquals("ours 1b", Files.readString(out.resolve("a/one.yaml")));
    assertFalse(Files.exists(out.resolve("a/two.yaml")));
    assertEquals("ours 3", Files.readString(out.resolve("b/three.yaml")));
    assertEquals("theirs", Files.readString(out.resolve("a/notes.txt")));
    assertEquals(inode, Files.getAttribute(out.resolve("a/notes.txt"), "unix:ino"));
    assertEquals("theirs too", Files.readString(out.resolve("docs/deep/x.md")));
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void a_write_that_fails_halfway_leaves_the_old_folder_as_it_was() throws Exception {
    Path out = written(files("a/one.yaml", "ours 1"));
    OutputFolder.Contents now = OutputFolder.read(out, OutputFolderTest::ours);
    // A name no file system takes fails the build of the new folder after it began.
    OutputFolder.Plan bad =
        new OutputFolder.Plan(
            now, files("a/one.yaml", "ours 2", "a/bad\0name", "x"), new java.util.TreeSet<>());

    assertThrows(InvalidPathException.class, () -> OutputFolder.apply(bad));

    assertEquals("ours 1", Files.readString(out.resolve("a/one.yaml")));
    assertEquals(List.of("out"), siblings(), "no half-built folder left beside it");
  }

  @Test
  void an_interrupted_swap_is_undone_before_the_next_write() throws Exception {
    Path out = written(files("a/one.yaml", "ours 1"));
    // As if the process died between moving the old folder aside and moving the new one in.
    Files.move(out, tmp.resolve(".out" + OutputFolder.OLD + "123"));
    Files.createDirectories(tmp.resolve(".out" + OutputFolder.NEW + "123/a"));

    OutputFolder.recover(out);

    assertEquals("ours 1", Files.readString(out.resolve("a/one.yaml")));
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void links_anywhere_inside_and_files_of_others_in_the_way_are_refused() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out/a/deep"));
    Files.createSymbolicLink(out.resolve("link"), tmp);
    OutputFolder.RefusedException link =
        assertThrows(
            OutputFolder.RefusedException.class,
            () -> OutputFolder.read(tmp.resolve("out"), OutputFolderTest::ours));
    assertTrue(
        link.getMessage().contains(out.resolve("link") + " is a symbolic link"), link.getMessage());

    Files.delete(out.resolve("link"));
    Files.writeString(out.resolve("mine.yaml"), "hand-written");
    OutputFolder.Contents now = OutputFolder.read(tmp.resolve("out"), OutputFolderTest::ours);
    OutputFolder.RefusedException foreign =
        assertThrows(
            OutputFolder.RefusedException.class,
            () -> OutputFolder.plan(now, files("a/deep/mine.yaml", "ours"), Set.of()));
    assertTrue(foreign.getMessage().contains("a/deep/mine.yaml"), foreign.getMessage());
  }
}
