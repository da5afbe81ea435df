package io.netpol.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner can read: the store, its WAL files and the proposals hold the
 * cluster's network topology and rollout snapshots, so they are created 0600 and 0700 whatever the
 * umask (on file systems without POSIX permissions, as the file system does).
 */
public final class OwnerOnlyFiles {
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates an empty file readable by its owner only; an existing file is left as it is. */
  public static void createFileIfMissing(Path file) throws IOException {
    try {
      Files.newByteChannel(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              attribute(FILE))
          .close();
      exactly(file, FILE);
    } catch (FileAlreadyExistsException exists) {
      // Someone's existing store keeps the permissions they gave it.
    }
  }

  /**
   * Writes a new file (it must not exist) created 0600 and left as the umask made it: for a writer
   * of many files that learnt from the first one ({@link #createdExactly}) that the umask takes
   * none of those bits, so that each file costs no second system call.
   */
  static void writeAsCreated(Path file, byte[] content) throws IOException {
    try (var channel =
        Files.newByteChannel(
            file,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            attribute(FILE))) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /**
   * Whether {@code file}, created with {@code permissions}, came out with exactly those (true
   * without POSIX permissions). The umask is the process's and Java never changes it, so what one
   * file shows holds for every later file created alike.
   */
  static boolean createdExactly(Path file, Set<PosixFilePermission> permissions)
      throws IOException {
    return !posix()
        || Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(permissions);
  }

  /** Creates a folder (its parent must exist) only its owner can enter. */
  public static Path createFolder(Path folder) throws IOException {
    return exactly(Files.createDirectory(folder, attribute(FOLDER)), FOLDER);
  }

  /** Creates a folder and its missing parents, each new one only for its owner. */
  public static Path createFolders(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      return folder;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createFolders(parent);
    }
    try {
      createFolder(absolute);
    } catch (FileAlreadyExistsException raced) {
      if (!Files.isDirectory(absolute)) {
        throw raced;
      }
    }
    return folder;
  }

  /** A new, empty, owner-only folder in {@code parent} whose name starts with {@code prefix}. */
  public static Path createTempFolder(Path parent, String prefix) throws IOException {
    return exactly(Files.createTempDirectory(parent, prefix, attribute(FOLDER)), FOLDER);
  }

  /** The umask may have taken bits the creation asked for; it never adds any, but be exact. */
  static Path exactly(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, permissions);
    }
    return path;
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
    if (!posix()) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
  }
}
