package io.netpol.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private static boolean ours(Path file, byte[] content, boolean same) {
    return new String(content, StandardCharsets.UTF_8).startsWith("ours");
  }

  /** Writes {@code files} to {@code out}, removing {@code remove}. */
  private static FolderWrite.Changes write(
      Path out, SortedMap<String, byte[]> files, Set<String> remove) throws Exception {
    try (FolderWrite w = FolderWrite.begin(OutputFolder.read(out, OutputFolderTest::ours), false)) {
      for (var f : files.entrySet()) {
        w.put(f.getKey(), f.getValue());
      }
      return w.commit(remove);
    }
  }

  /** The folder {@code out} holding {@code files}, written by the tool. */
  private Path written(SortedMap<String, byte[]> files) throws Exception {
    Path out = tmp.resolve("out");
    write(out, files, Set.of());
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

    FolderWrite.Changes changes =
        write(out, files("a/one.yaml", "ours 1b"), Set.of("a/two.yaml", "a/notes.txt"));

    assertEquals(Set.of("a/one.yaml"), changes.changed());
    assertEquals(Set.of("a/two.yaml"), changes.removed(), "only the tool's files are removed");
    assertEquals(Set.of("b/three.yaml"), changes.kept());
    assertEquals(Set.of("a/notes.txt", "docs/deep/x.md"), changes.foreign());

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
    // A name no file system takes fails the build of the new folder after it began.
    assertThrows(
        InvalidPathException.class,
        () -> write(out, files("a/one.yaml", "ours 2", "a/bad\0name", "x"), Set.of()));

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
    OutputFolder.RefusedException foreign =
        assertThrows(
            OutputFolder.RefusedException.class,
            () -> write(tmp.resolve("out"), files("a/deep/mine.yaml", "ours"), Set.of()));
    assertTrue(foreign.getMessage().contains("a/deep/mine.yaml"), foreign.getMessage());
    assertEquals("hand-written", Files.readString(out.resolve("mine.yaml")));
    assertEquals(List.of("out"), siblings(), "the new folder begun is gone");
  }

  @Test
  void a_dry_run_tells_new_changed_and_unchanged_files_apart_and_writes_nothing() throws Exception {
    Path out = written(files("a/one.yaml", "ours 1", "a/two.yaml", "ours 2"));
    Object inode = Files.getAttribute(out, "unix:ino");

    FolderWrite.Changes changes;
    try (FolderWrite w = FolderWrite.begin(OutputFolder.read(out, OutputFolderTest::ours), true)) {
      w.put("a/one.yaml", "ours 1".getBytes(StandardCharsets.UTF_8));
      w.put("a/two.yaml", "ours 2b".getBytes(StandardCharsets.UTF_8));
      w.put("b/three.yaml", "ours 3".getBytes(StandardCharsets.UTF_8));
      changes = w.commit(Set.of());
    }

    assertEquals(Set.of("a/one.yaml"), changes.unchanged());
    assertEquals(Set.of("a/two.yaml"), changes.changed());
    assertEquals(Set.of("b/three.yaml"), changes.created());
    assertEquals("ours 2", Files.readString(out.resolve("a/two.yaml")));
    assertFalse(Files.exists(out.resolve("b")));
    assertEquals(inode, Files.getAttribute(out, "unix:ino"));
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void a_file_exactly_as_the_tool_writes_it_needs_no_reading_of_its_owner() throws Exception {
    Path out = written(files("a/one.yaml", "ours 1"));
    List<String> asked = new java.util.ArrayList<>();
    OutputFolder.Ownership counting =
        (file, content, same) -> {
          asked.add(out.relativize(file) + (same ? " same" : " different"));
          return same || ours(file, content, same);
        };

    try (FolderWrite w = FolderWrite.begin(OutputFolder.read(out, counting), false)) {
      w.put("a/one.yaml", "ours 1".getBytes(StandardCharsets.UTF_8));
      w.commit(Set.of());
    }

    assertEquals(List.of("a/one.yaml same"), asked, "asked once, told the bytes are the same");
  }

  private static Object inode(Path file) throws Exception {
    return Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  private static int links(Path file) throws Exception {
    return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void a_rewrite_keeps_an_unchanged_file_as_the_same_file_and_writes_a_changed_one_anew()
      throws Exception {
    Path out = written(files("a/one.yaml", "ours 1", "a/two.yaml", "ours 2"));
    Object one = inode(out.resolve("a/one.yaml"));
    Object two = inode(out.resolve("a/two.yaml"));

    FolderWrite.Changes changes =
        write(out, files("a/one.yaml", "ours 1", "a/two.yaml", "ours 2b"), Set.of());

    assertEquals(Set.of("a/one.yaml"), changes.unchanged());
    assertEquals(Set.of("a/two.yaml"), changes.changed());
    assertEquals(one, inode(out.resolve("a/one.yaml")), "linked into the new folder");
    assertEquals(1, links(out.resolve("a/one.yaml")), "the old folder's name for it is gone");
    assertNotEquals(two, inode(out.resolve("a/two.yaml")));
    assertEquals("ours 2b", Files.readString(out.resolve("a/two.yaml")));
    for (String f : List.of("a/one.yaml", "a/two.yaml")) {
      assertEquals(OwnerOnlyFiles.FILE, Files.getPosixFilePermissions(out.resolve(f)), f);
    }
    assertEquals(List.of("out"), siblings());
  }

  @Test
  void an_unchanged_file_opened_to_others_or_linked_elsewhere_is_written_anew_0600()
      throws Exception {
    Path out = written(files("a/open.yaml", "ours 1", "a/shared.yaml", "ours 2"));
    Files.setPosixFilePermissions(
        out.resolve("a/open.yaml"), PosixFilePermissions.fromString("rw-r--r--"));
    Object open = inode(out.resolve("a/open.yaml"));
    Path elsewhere = Files.createLink(tmp.resolve("copy.yaml"), out.resolve("a/shared.yaml"));

    FolderWrite.Changes changes =
        write(out, files("a/open.yaml", "ours 1", "a/shared.yaml", "ours 2"), Set.of());

    assertEquals(Set.of("a/open.yaml", "a/shared.yaml"), changes.unchanged());
    assertNotEquals(open, inode(out.resolve("a/open.yaml")));
    assertNotEquals(inode(elsewhere), inode(out.resolve("a/shared.yaml")));
    assertEquals(1, links(elsewhere), "the other name keeps its file, alone");
    for (String f : List.of("a/open.yaml", "a/shared.yaml")) {
      assertEquals(OwnerOnlyFiles.FILE, Files.getPosixFilePermissions(out.resolve(f)), f);
      assertEquals(1, links(out.resolve(f)), f);
    }
  }

  @Test
  void a_file_someone_else_wrote_where_the_tool_writes_is_refused_though_it_was_linked()
      throws Exception {
    Path out = written(files("a/one.yaml", "ours 1"));
    Files.writeString(out.resolve("a/one.yaml"), "theirs");

    assertThrows(
        OutputFolder.RefusedException.class,
        () -> write(out, files("a/one.yaml", "ours 1"), Set.of()));

    assertEquals("theirs", Files.readString(out.resolve("a/one.yaml")));
    assertEquals(1, links(out.resolve("a/one.yaml")));
    assertEquals(List.of("out"), siblings());
  }
}
