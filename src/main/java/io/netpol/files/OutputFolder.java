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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A folder the tool writes as a whole. The new contents are put together in a temporary folder
 * beside it, file by file as they are made ({@link FolderWrite}), and renamed into place, so
 * whoever reads it ({@code kubectl apply -k}, {@code diff}, a GitOps sync) sees the old folder or
 * the new one, never a mix, and an interrupted run leaves the old one. Files the tool does not own
 * are carried over untouched (hard links: same file, same permissions) and never overwritten.
 * Symbolic links anywhere in the folder are refused before anything is written, so nothing is ever
 * written through one.
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

  /** Tells the tool's files from everyone else's. */
  @FunctionalInterface
  public interface Ownership {
    /**
     * Whether the tool wrote {@code file}.
     *
     * @param file its absolute path
     * @param content its bytes
     * @param same whether they are exactly what this write puts there
     */
    boolean owned(Path file, byte[] content, boolean same);
  }

  /**
   * What the folder holds now: its files and folders, read without their contents. Whether a file
   * is the tool's is decided when it matters (when it is to be replaced, removed or kept), once.
   */
  public static final class Contents {
    private final Path folder;
    private final Path root;
    private final boolean exists;
    private final SortedSet<String> files;
    private final SortedSet<String> folders;
    private final Ownership ownership;
    private final Map<String, Boolean> owned = new HashMap<>();

    private Contents(
        Path folder,
        boolean exists,
        SortedSet<String> files,
        SortedSet<String> folders,
        Ownership ownership) {
      this.folder = folder;
      this.root = folder.toAbsolutePath().normalize();
      this.exists = exists;
      this.files = Collections.unmodifiableSortedSet(files);
      this.folders = Collections.unmodifiableSortedSet(folders);
      this.ownership = ownership;
    }

    public Path folder() {
      return folder;
    }

    public boolean exists() {
      return exists;
    }

    /** Every file below the root (relative paths with '/'). */
    public SortedSet<String> files() {
      return files;
    }

    /** Every folder below the root. */
    public SortedSet<String> folders() {
      return folders;
    }

    /** Whether the tool wrote {@code file}, one of {@link #files()}. */
    public boolean isOwned(String file) throws IOException {
      Boolean known = owned.get(file);
      if (known == null) {
        Path p = root.resolve(file);
        known = ownership.owned(p, Files.readAllBytes(p), false);
        owned.put(file, known);
      }
      return known;
    }

    /** Decides {@code file}'s owner from its bytes; true when they equal {@code next}. */
    boolean sameAsOwned(String file, byte[] next) throws IOException {
      return sameAsOwned(file, Files.readAllBytes(root.resolve(file)), next);
    }

    /** {@link #sameAsOwned(String, byte[])} of {@code file} whose bytes are {@code content}. */
    boolean sameAsOwned(String file, byte[] content, byte[] next) {
      Path p = root.resolve(file);
      boolean same = java.util.Arrays.equals(content, next);
      Boolean known = owned.get(file);
      if (known == null) {
        known = ownership.owned(p, content, same);
        owned.put(file, known);
      }
      if (!known) {
        throw new RefusedException(String.format(FOREIGN, file, folder));
      }
      return same;
    }

    /** The tool's files. */
    public SortedSet<String> owned() throws IOException {
      SortedSet<String> out = new TreeSet<>();
      for (String f : files) {
        if (isOwned(f)) {
          out.add(f);
        }
      }
      return Collections.unmodifiableSortedSet(out);
    }

    /** Everyone else's files. */
    public SortedSet<String> foreign() throws IOException {
      SortedSet<String> out = new TreeSet<>(files);
      out.removeAll(owned());
      return Collections.unmodifiableSortedSet(out);
    }

    Path root() {
      return root;
    }
  }

  /**
   * Reads the folder's files and folders without following links, refusing one that holds a link or
   * is (or holds) the current folder. Contents are read later, when they matter.
   */
  public static Contents read(Path folder, Ownership ownership) throws IOException {
    Path root = folder.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(root)) {
      throw new RefusedException(String.format(LINK, folder, folder));
    }
    SortedSet<String> files = new TreeSet<>();
    SortedSet<String> folders = new TreeSet<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Contents(folder, false, files, folders, ownership);
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException(String.format(NOT_A_FOLDER, folder));
    }
    if (Path.of("").toRealPath().startsWith(root.toRealPath())) {
      throw new RefusedException(String.format(HOLDS_CWD, folder));
    }
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
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = relative(root, file);
            if (attrs.isSymbolicLink()) {
              throw new RefusedException(String.format(LINK, folder, root.resolve(rel)));
            }
            if (!attrs.isRegularFile()) {
              throw new RefusedException(String.format(NOT_A_FILE, folder, root.resolve(rel)));
            }
            files.add(rel);
            return FileVisitResult.CONTINUE;
          }
        });
    return new Contents(folder, true, files, folders, ownership);
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

  /** The same file in the new folder: a hard link, else a copy with its attributes. */
  static void carry(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | IOException noLinks) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " in one step", e);
    }
  }

  static void deleteTree(Path top) throws IOException {
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
