package io.netpol.cli;

import io.netpol.recommend.KubernetesNames;
import io.netpol.render.Manifest;
import io.netpol.render.PolicyDocuments;
import io.netpol.render.Rendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes a rendered proposal as {@code <out>/<namespace>/<policy>.yaml} plus a {@code
 * kustomization.yaml} listing them (or a chart's files), never outside {@code <out>}: every name is
 * checked against the Kubernetes name rules again here, every path is normalized and checked to
 * stay under {@code <out>}, and symbolic links are not followed.
 */
final class ProposalFiles {

  static final String KUSTOMIZATION = "kustomization.yaml";
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private ProposalFiles() {}

  /** The folder of cluster-scoped objects: not a namespace name, so never a namespace's folder. */
  static final String CLUSTER_DIR = "_cluster";

  /**
   * Writes the rendering and returns the paths written relative to {@code out}, sorted: objects as
   * {@code <namespace>/<name>.yaml} (cluster-scoped ones under {@value #CLUSTER_DIR}/) listed by a
   * {@code kustomization.yaml}, or a tree of files (a chart) as it is.
   */
  static List<String> write(Rendering rendering, Path out, Format format) {
    String ext = format == Format.JSON ? ".json" : ".yaml";
    try {
      Files.createDirectories(out);
      Path root = out.toRealPath();
      List<String> written = new ArrayList<>();
      if (rendering.isFileTree()) {
        for (Map.Entry<String, String> e : rendering.files().entrySet()) {
          writeFile(root, e.getKey(), e.getValue());
          written.add(e.getKey());
        }
        written.sort(null);
        return written;
      }
      for (Manifest m : rendering.manifests()) {
        String dir = m.namespace() == null ? CLUSTER_DIR : m.namespace();
        if (m.namespace() != null && !KubernetesNames.isDns1123Label(m.namespace())) {
          throw unsafe(m.namespace());
        }
        String name = m.name();
        if (!KubernetesNames.isDns1123Subdomain(name)
            || name.length() > KubernetesNames.MAX_POLICY_NAME) {
          throw unsafe(name);
        }
        String text =
            format == Format.JSON
                ? PolicyDocuments.jsonList(List.of(m.object()))
                : PolicyDocuments.yaml(m.object());
        writeFile(root, dir + "/" + name + ext, text);
        written.add(dir + "/" + name + ext);
      }
      written.sort(null);
      Map<String, Object> kustomization = new LinkedHashMap<>();
      kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
      kustomization.put("kind", "Kustomization");
      kustomization.put("resources", written);
      writeFile(root, KUSTOMIZATION, PolicyDocuments.yaml(kustomization));
      return written;
    } catch (IOException e) {
      throw cannotWrite(out, e);
    }
  }

  /**
   * The folders {@link #removeStale} cleans for a rendering of {@code namespaces}: theirs and the
   * cluster-scoped one, or a chart's per-namespace template folders.
   */
  static Set<String> folders(Rendering rendering, Set<String> namespaces) {
    Set<String> out = new TreeSet<>();
    for (String ns : namespaces) {
      out.add(rendering.isFileTree() ? "templates/" + ns : ns);
    }
    if (!rendering.isFileTree()) {
      out.add(CLUSTER_DIR);
    }
    return out;
  }

  /** Writes {@code text} at {@code relative} under {@code root}, each folder checked on the way. */
  private static void writeFile(Path root, String relative, String text) throws IOException {
    Path dir = root;
    String[] parts = relative.split("/");
    for (int i = 0; i < parts.length; i++) {
      if (!SAFE_SEGMENT.matcher(parts[i]).matches()) {
        throw unsafe(relative);
      }
      Path next = inside(root, dir.resolve(parts[i]));
      if (i < parts.length - 1) {
        Files.createDirectories(next);
        if (!next.toRealPath().equals(next)) {
          throw unsafe(relative);
        }
      }
      dir = next;
    }
    writeFile(dir, text);
  }

  /**
   * Removes policy files an earlier run wrote that this proposal no longer has, so the folder (and
   * everything that reads it: diff, netpol-rollout, kubectl apply -k) holds exactly the proposal.
   * Only the folders of namespaces this proposal covers are cleaned (a run for one namespace leaves
   * the others alone), and only files carrying the tool's managed-by label are touched.
   *
   * @return the removed files, relative to {@code out}, sorted
   */
  static List<String> removeStale(Path out, Set<String> folders, List<String> written) {
    List<String> removed = new ArrayList<>();
    try {
      Path root = out.toRealPath();
      for (String folder : folders) {
        Path dir = inside(root, root.resolve(folder));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !dir.toRealPath().equals(dir)) {
          continue;
        }
        try (var files = Files.list(dir)) {
          for (Path f : files.filter(ProposalFiles::isPolicyFile).sorted().toList()) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            if (!written.contains(rel) && generatedByUs(f)) {
              Files.delete(f);
              removed.add(rel);
            }
          }
        }
      }
      removed.sort(null);
      return removed;
    } catch (IOException e) {
      throw cannotWrite(out, e);
    }
  }

  private static NetpolException cannotWrite(Path out, IOException e) {
    return new NetpolException(
        ExitCode.UNEXPECTED_STATE,
        "cannot write the policies to " + out + ": " + e + "; check the folder and its permissions",
        e);
  }

  private static boolean isPolicyFile(Path f) {
    String name = f.getFileName().toString();
    return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
        && (name.endsWith(".yaml") || name.endsWith(".json"));
  }

  private static boolean generatedByUs(Path f) throws IOException {
    String text = Files.readString(f);
    return text.contains("app.kubernetes.io/managed-by: netpol-recommend")
        || text.contains("\"app.kubernetes.io/managed-by\" : \"netpol-recommend\"")
        || text.contains("\"app.kubernetes.io/managed-by\":\"netpol-recommend\"");
  }

  private static Path inside(Path root, Path candidate) {
    Path normalized = candidate.normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw unsafe(candidate.toString());
    }
    return normalized;
  }

  private static void writeFile(Path file, String text) throws IOException {
    Files.write(
        file,
        text.getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private static NetpolException unsafe(String name) {
    return new NetpolException(
        ExitCode.INTERNAL,
        "refusing to write "
            + KubernetesNames.shown(name)
            + ": it is not a safe name inside --out");
  }
}
