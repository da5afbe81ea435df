package io.netpol.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One write of an {@link OutputFolder}, file by file: each file {@link #put} goes straight into a
 * new folder beside the old one (nothing is held in memory but names; a file whose bytes stay the
 * same is the old file linked, so it keeps its modification time), {@link #commit} carries over
 * what stays and renames the new folder into place; closing an uncommitted write removes the new
 * folder and leaves the old one as it was. A dry run writes nothing and tells the same story.
 */
public final class FolderWrite implements AutoCloseable {

  /**
   * What a write did (or, dry, would do).
   *
   * @param written every file written, new or not
   * @param created written files that did not exist
   * @param changed written files whose bytes changed
   * @param unchanged written files whose bytes stayed the same
   * @param removed the tool's files that went
   * @param kept the tool's files neither written nor removed
   * @param foreign everyone else's files, left as they are
   */
  public record Changes(
      Path folder,
      SortedSet<String> written,
      SortedSet<String> created,
      SortedSet<String> changed,
      SortedSet<String> unchanged,
      SortedSet<String> removed,
      SortedSet<String> kept,
      SortedSet<String> foreign) {}

  private final OutputFolder.Contents current;
  private final Path root;
  private final Path stage;
  private final SortedSet<String> written = new TreeSet<>();
  private final SortedSet<String> created = new TreeSet<>();
  private final SortedSet<String> changed = new TreeSet<>();
  private final SortedSet<String> unchanged = new TreeSet<>();
  private final Set<String> made = new HashSet<>();

  /** The user writing (the new folder's owner); null when files cannot be linked and told apart. */
  private final Object owner;

  /** Whether files created 0600 come out 0600; null until the first file shows. */
  private Boolean createdExactly;

  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;

  private FolderWrite(OutputFolder.Contents current, Path stage) throws IOException {
    this.current = current;
    this.root = current.root();
    this.stage = stage;
    this.owner =
        stage != null && stage.getFileSystem().supportedFileAttributeViews().contains("unix")
            ? Files.getAttribute(stage, "unix:uid", LinkOption.NOFOLLOW_LINKS)
            : null;
  }

  /**
   * Begins a write of {@code current}'s folder; with {@code dryRun} nothing will be written. What
   * an interrupted earlier write left is not cleaned here ({@link OutputFolder#recover}).
   */
  public static FolderWrite begin(OutputFolder.Contents current, boolean dryRun)
      throws IOException {
    if (dryRun) {
      return new FolderWrite(current, null);
    }
    Path root = current.root();
    OwnerOnlyFiles.createFolders(root.getParent());
    Path stage =
        OwnerOnlyFiles.createTempFolder(
            root.getParent(), "." + root.getFileName() + OutputFolder.NEW);
    return new FolderWrite(current, stage);
  }

  /**
   * Writes {@code file} (a relative path with '/'); refused when a file the tool did not write, or
   * a folder, is in its place.
   */
  public void put(String file, byte[] content) throws IOException {
    if (current.folders().contains(file) || !written.add(file)) {
      throw new OutputFolder.RefusedException(
          String.format(OutputFolder.FOREIGN, file, current.folder()));
    }
    if (!current.files().contains(file)) {
      created.add(file);
      if (stage != null) {
        folders(file);
        create(stage.resolve(file), content);
      }
    } else if (stage == null) {
      (current.sameAsOwned(file, content) ? unchanged : changed).add(file);
    } else {
      folders(file);
      replace(file, stage.resolve(file), content);
    }
  }

  /**
   * Puts a file the folder holds into the new folder. When its bytes stay the same it is the same
   * file, linked: nothing is created, and nothing is freed when the old folder goes. (On ext4
   * without a journal every file created scans past the files deleted in the last minutes, so a
   * re-run that wrote its ten thousand files anew and deleted the old ones paid seconds, and made
   * the next run pay.) A file whose bytes change, or that is not a plain 0600 file of this user
   * linked nowhere else (as the tool writes them), is written anew.
   */
  private void replace(String file, Path target, byte[] content) throws IOException {
    Path source = root.resolve(file);
    boolean linked = owner != null && link(source, target);
    byte[] old = linked ? readNoFollow(target) : Files.readAllBytes(source);
    boolean same = current.sameAsOwned(file, old, content);
    (same ? unchanged : changed).add(file);
    if (linked && same && asTheToolWritesIt(target)) {
      return;
    }
    if (linked) {
      Files.delete(target);
    }
    create(target, content);
  }

  private static boolean link(Path source, Path target) {
    try {
      Files.createLink(target, source);
      return true;
    } catch (UnsupportedOperationException | IOException noLinks) {
      return false;
    }
  }

  private static byte[] readNoFollow(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return in.readAllBytes();
    }
  }

  /** A regular file, 0600, of the user writing, named only in the old folder and the new one. */
  private boolean asTheToolWritesIt(Path linked) throws IOException {
    Map<String, Object> a =
        Files.readAttributes(linked, "unix:mode,uid,nlink", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    return (mode & S_IFMT) == S_IFREG
        && (mode & 07777) == 0600
        && owner.equals(a.get("uid"))
        && ((Integer) a.get("nlink")) == 2;
  }

  /**
   * Writes a new file, 0600. Whether the umask takes any of those bits the first file shows (it is
   * the process's, the same for every file); only then is each file's mode set after it was made.
   */
  private void create(Path target, byte[] content) throws IOException {
    OwnerOnlyFiles.writeAsCreated(target, content);
    if (createdExactly == null) {
      createdExactly = OwnerOnlyFiles.createdExactly(target, OwnerOnlyFiles.FILE);
    }
    if (!createdExactly) {
      OwnerOnlyFiles.exactly(target, OwnerOnlyFiles.FILE);
    }
  }

  /** What the folder held when the write began. */
  public OutputFolder.Contents current() {
    return current;
  }

  /** The files put so far. */
  public SortedSet<String> written() {
    return unmodifiable(written);
  }

  /** Whether {@code file} was put. */
  public boolean wrote(String file) {
    return written.contains(file);
  }

  /** Creates the new folder's folders down to {@code file}'s, owner-only. */
  private void folders(String file) throws IOException {
    int slash = file.lastIndexOf('/');
    if (slash < 0) {
      return;
    }
    String dir = file.substring(0, slash);
    if (made.contains(dir)) {
      return;
    }
    folders(dir);
    OwnerOnlyFiles.createFolder(stage.resolve(dir));
    made.add(dir);
  }

  /**
   * Finishes the write: of {@code remove}, the tool's files not written go; everything else in the
   * folder stays. Unless dry, the new folder replaces the old one.
   */
  public Changes commit(Set<String> remove) throws IOException {
    SortedSet<String> owned = current.owned();
    SortedSet<String> removed = new TreeSet<>(remove);
    removed.retainAll(owned);
    removed.removeAll(written);
    SortedSet<String> kept = new TreeSet<>(owned);
    kept.removeAll(written);
    kept.removeAll(removed);
    SortedSet<String> foreign = current.foreign();
    if (stage != null) {
      build(kept, foreign);
      swap();
    }
    return new Changes(
        current.folder(),
        unmodifiable(written),
        unmodifiable(created),
        unmodifiable(changed),
        unmodifiable(unchanged),
        unmodifiable(removed),
        unmodifiable(kept),
        foreign);
  }

  /** The folders of the old folder, then what is carried over: other people's files and kept. */
  private void build(SortedSet<String> kept, SortedSet<String> foreign) throws IOException {
    for (String d : current.folders()) {
      if (made.contains(d)) {
        continue;
      }
      Path target = stage.resolve(d);
      OwnerOnlyFiles.createFolder(target);
      Path source = root.resolve(d);
      if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)
          && Files.getFileStore(source).supportsFileAttributeView("posix")) {
        // Someone else's folder keeps the permissions they gave it.
        Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
      }
    }
    SortedSet<String> carried = new TreeSet<>(foreign);
    carried.addAll(kept);
    for (String f : carried) {
      OutputFolder.carry(root.resolve(f), stage.resolve(f));
    }
  }

  private void swap() throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      OutputFolder.move(stage, root);
      return;
    }
    String prefix = "." + root.getFileName() + OutputFolder.NEW;
    Path old =
        root.getParent()
            .resolve(
                "."
                    + root.getFileName()
                    + OutputFolder.OLD
                    + stage.getFileName().toString().substring(prefix.length()));
    OutputFolder.move(root, old);
    try {
      OutputFolder.move(stage, root);
    } catch (IOException e) {
      OutputFolder.move(old, root);
      throw e;
    }
    OutputFolder.deleteTree(old);
  }

  /** Removes the new folder if it was not renamed into place (the write was not committed). */
  @Override
  public void close() throws IOException {
    if (stage != null && Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
      OutputFolder.deleteTree(stage);
    }
  }

  private static SortedSet<String> unmodifiable(SortedSet<String> s) {
    return Collections.unmodifiableSortedSet(s);
  }
}
