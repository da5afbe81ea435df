package io.netpol.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which policies to read from files: those of some namespaces, or all. Given the namespaces that
 * exist ({@code known}), a folder laid out as {@code propose} writes it (a subfolder per namespace,
 * holding that namespace's policies only) is read only in the subfolders of the namespaces asked
 * for: the subfolders named after other known namespaces are not even listed.
 *
 * <p>That layout is trusted only when every namespace asked for has a subfolder of its own, and it
 * is checked on every subfolder that is read: a policy of another namespace in one means the names
 * say nothing, and every file is read after all.
 *
 * @param namespaces only these namespaces' policies; every namespace when empty
 * @param known the namespaces that exist (from the store or the cluster); none: no folder is
 *     skipped
 */
public record PolicyScope(Set<String> namespaces, Set<String> known) {
  /** Every policy in every file. */
  public static final PolicyScope ALL = new PolicyScope(Set.of(), Set.of());

  public PolicyScope {
    namespaces = Set.copyOf(namespaces);
    known = Set.copyOf(known);
  }

  /** The policies of {@code namespaces} (all when empty), every folder read. */
  public static PolicyScope of(Set<String> namespaces) {
    return new PolicyScope(namespaces, Set.of());
  }

  /** The same policies, every folder read. */
  PolicyScope everyFolder() {
    return of(namespaces);
  }

  /**
   * The namespace the folder of {@code file} is named after (its nearest such folder below {@code
   * root}), or {@code null}.
   */
  String folderNamespace(Path root, Path file) {
    if (known.isEmpty()) {
      return null;
    }
    for (Path p = file.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      Path name = p.getFileName();
      if (name != null && known.contains(name.toString())) {
        return name.toString();
      }
    }
    return null;
  }

  /**
   * Of {@code files} under {@code root}, those that can hold a policy asked for: all, unless every
   * namespace asked for has a folder, when files in folders of other namespaces are left out.
   */
  List<Path> filesToRead(Path root, List<Path> files) {
    if (namespaces.isEmpty() || known.isEmpty()) {
      return files;
    }
    Set<String> folders = new HashSet<>();
    files.forEach(f -> folders.add(folderNamespace(root, f)));
    if (!folders.containsAll(namespaces)) {
      return files;
    }
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      String folder = folderNamespace(root, f);
      if (folder == null || namespaces.contains(folder)) {
        out.add(f);
      }
    }
    return out;
  }
}
