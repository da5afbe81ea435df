package io.netpol.files;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A folder the tool writes as a whole. The new contents are put together in a temporary folder
 * beside it and renamed into place, so whoever reads it ({@code kubectl apply -k}, {@code diff}, a
 * GitOps sync) sees the old folder or the new one, never a mix, and an interrupted run leaves the
 * old one. Files the tool does not own are carried over untouched (hard links: same file, same
 * permissions) and never overwritten. Symbolic links anywhere in the folder are refused before
 * anything is written, so nothing is ever written through one.
 */
public final class OutputFolder {
  static final String NEW = ".netpol-new-";
  static final String OLD = ".netpol-old-";

  static final String LINK =
      "refusing to write to %s: %s is a symbolic link; nothing under the output folder may be a"
          + " link: replace it with a real folder or file, or choose another folder";
  static final String NOT_A_FILE =
      "refusing to write to %s: %s is neither a file nor a folder; choose another folder";
  static final String NOT_A_FOLDER = "refusing to write to %s: it is not a folder";
  static final String HOLDS_CWD =
      "refusing to write to %s: it holds the current folder, and writing replaces the whole folder;"
          + " give the output a folder of its own";
  static final String FOREIGN =
      "refusing to write %s in %s: a file the tool did not write is there; move it away or choose"
          + " another folder";

  private OutputFolder() {}

  /** A refusal: the folder is not one the tool may write (links, someone else's file). */
  public static final class RefusedException extends NetpolException {
    RefusedException(String message) {
      super(ExitCode.INVALID_INPUT, message);
    }
  }

  /**
   * What the folder holds now.
   *
   * @param owned the tool's files (relative paths with '/'), with their contents
   * @param foreign everyone else's files
   * @param folders every folder below the root
   */
  public record Contents(
      Path folder,
      boolean exists,
      SortedMap<String, byte[]> owned,
      SortedSet<String> foreign,
      SortedSet<String> folders) {}

  /**
   * What a write does: {@code files} are written (created or replaced), {@code removed} of the
   * tool's files go, everything else stays.
   */
  public record Plan(Contents current, SortedMap<String, byte[]> files, SortedSet<String> removed) {
    public SortedSet<String> created() {
      return filter(files.keySet(), f -> !current.owned().containsKey(f));
    }

    public SortedSet<String> changed() {
      return filter(
          files.keySet(),
          f ->
              current.owned().containsKey(f)
                  && !Arrays.equals(current.owned().get(f), files.get(f)));
    }

    public SortedSet<String> unchanged() {
      return filter(
          files.keySet(),
          f ->
              current.owned().containsKey(f)
                  && Arrays.equals(current.owned().get(f), files.get(f)));
    }

    /** The tool's files this write neither writes nor removes. */
    public SortedSet<String> kept() {
      return filter(current.owned().keySet(), f -> !files.containsKey(f) && !removed.contains(f));
    }

    private static SortedSet<String> filter(Set<String> paths, Predicate<String> keep) {
      SortedSet<String> out = new TreeSet<>();
      paths.stream().filter(keep).forEach(out::add);
      return Collections.unmodifiableSortedSet(out);
    }
  }

  /**
   * Reads the folder without following links, refusing one that holds a link or is (or holds) the
   * current folder.
   *
   * @param owned whether the tool wrote a file (given its absolute path)
   */
  public static Contents read(Path folder, Predicate<Path> owned) throws IOException {
    Path root = folder.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(root)) {
      throw new RefusedException(String.format(LINK, folder, folder));
    }
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Contents(folder, false, new TreeMap<>(), new TreeSet<>(), new TreeSet<>());
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException(String.format(NOT_A_FOLDER, folder));
    }
    if (Path.of("").toRealPath().startsWith(root.toRealPath())) {
      throw new RefusedException(String.format(HOLDS_CWD, folder));
    }
    SortedMap<String, byte[]> ours = new TreeMap<>();
    SortedSet<String> foreign = new TreeSet<>();
    SortedSet<String> folders = new TreeSet<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              folders.add(relative(root, dir));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String rel = relative(root, file);
            if (attrs.isSymbolicLink()) {
              throw new RefusedException(String.format(LINK, folder, root.resolve(rel)));
            }
            if (!attrs.isRegularFile()) {
              throw new RefusedException(String.format(NOT_A_FILE, folder, root.resolve(rel)));
            }
            if (owned.test(file)) {
              ours.put(rel, Files.readAllBytes(file));
            } else {
              foreign.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new Contents(folder, true, ours, foreign, folders);
  }

  /** The write of {@code files}; refused when one would replace a file the tool did not write. */
  public static Plan plan(Contents current, SortedMap<String, byte[]> files, Set<String> removed) {
    for (String f : files.keySet()) {
      if (current.foreign().contains(f) || current.folders().contains(f)) {
        throw new RefusedException(String.format(FOREIGN, f, current.folder()));
      }
    }
    SortedSet<String> gone = new TreeSet<>(removed);
    gone.retainAll(current.owned().keySet());
    gone.removeAll(files.keySet());
    return new Plan(
        current,
        Collections.unmodifiableSortedMap(new TreeMap<>(files)),
        Collections.unmodifiableSortedSet(gone));
  }

  /**
   * Carries the plan out: the new folder is put together beside the old one, then renamed into its
   * place. Leftovers of an interrupted earlier write are cleaned first (an old folder that never
   * got replaced is put back).
   */
  public static void apply(Plan plan) throws IOException {
    Path root = plan.current().folder().toAbsolutePath().normalize();
    Path parent = root.getParent();
    OwnerOnlyFiles.createFolders(parent);
    Path stage = OwnerOnlyFiles.createTempFolder(parent, "." + root.getFileName() + NEW);
    try {
      build(plan, root, stage);
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        move(stage, root);
        return;
      }
      String prefix = "." + root.getFileName() + NEW;
      Path old =
          parent.resolve(
              "."
                  + root.getFileName()
                  + OLD
                  + stage.getFileName().toString().substring(prefix.length()));
      move(root, old);
      try {
        move(stage, root);
      } catch (IOException e) {
        move(old, root);
        throw e;
      }
      deleteTree(old);
    } finally {
      if (Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(stage);
      }
    }
  }

  /**
   * Cleans up after a write that was interrupted: a folder moved aside but never replaced is put
   * back, and half-built new folders are removed.
   */
  public static void recover(Path folder) throws IOException {
    Path root = folder.toAbsolutePath().normalize();
    Path parent = root.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    String name = "." + root.getFileName();
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path s : siblings.sorted().toList()) {
        String n = s.getFileName().toString();
        if (n.startsWith(name + OLD) && !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
          move(s, root);
        } else if (n.startsWith(name + OLD) || n.startsWith(name + NEW)) {
          deleteTree(s);
        }
      }
    }
  }

  private static void build(Plan plan, Path root, Path stage) throws IOException {
    Set<String> ownFolders = new TreeSet<>();
    for (String f : plan.files().keySet()) {
      for (Path p = Path.of(f).getParent(); p != null; p = p.getParent()) {
        ownFolders.add(p.toString().replace('\\', '/'));
      }
    }
    SortedSet<String> folders = new TreeSet<>(plan.current().folders());
    folders.addAll(ownFolders);
    for (String d : folders) {
      Path target = stage.resolve(d);
      OwnerOnlyFiles.createFolder(target);
      Path source = root.resolve(d);
      if (!ownFolders.contains(d)
          && Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)
          && Files.getFileStore(source).supportsFileAttributeView("posix")) {
        // Someone else's folder keeps the permissions they gave it.
        Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
      }
    }
    for (Map.Entry<String, byte[]> e : plan.files().entrySet()) {
      OwnerOnlyFiles.writeNew(stage.resolve(e.getKey()), e.getValue());
    }
    SortedSet<String> carried = new TreeSet<>(plan.current().foreign());
    carried.addAll(plan.kept());
    for (String f : carried) {
      carry(root.resolve(f), stage.resolve(f));
    }
  }

  /** The same file in the new folder: a hard link, else a copy with its attributes. */
  private static void carry(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | IOException noLinks) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " in one step", e);
    }
  }

  private static void deleteTree(Path top) throws IOException {
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
