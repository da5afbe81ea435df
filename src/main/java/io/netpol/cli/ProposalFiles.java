package io.netpol.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.recommend.KubernetesNames;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.ProposedPolicy;
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

/**
 * Writes a proposal as {@code <out>/<namespace>/<policy>.yaml} plus a {@code kustomization.yaml}
 * listing them, never outside {@code <out>}: every name is checked against the Kubernetes name
 * rules again here, every path is normalized and checked to stay under {@code <out>}, and symbolic
 * links are not followed.
 */
final class ProposalFiles {

  static final String KUSTOMIZATION = "kustomization.yaml";

  private ProposalFiles() {}

  /** Writes the files and returns their paths relative to {@code out}, sorted. */
  static List<String> write(Proposal proposal, Path out, DocumentFormat format) {
    String ext = format == DocumentFormat.JSON ? ".json" : ".yaml";
    try {
      Files.createDirectories(out);
      Path root = out.toRealPath();
      List<String> written = new ArrayList<>();
      for (Map.Entry<String, List<ProposedPolicy>> e : proposal.proposed().entrySet()) {
        String ns = e.getKey();
        if (!KubernetesNames.isDns1123Label(ns)) {
          throw unsafe(ns);
        }
        Path dir = inside(root, root.resolve(ns));
        Files.createDirectories(dir);
        if (!dir.toRealPath().startsWith(root) || !dir.toRealPath().getParent().equals(root)) {
          throw unsafe(ns);
        }
        for (ProposedPolicy p : e.getValue()) {
          String name = p.name();
          if (!KubernetesNames.isDns1123Subdomain(name)
              || name.length() > KubernetesNames.MAX_POLICY_NAME) {
            throw unsafe(name);
          }
          Path file = inside(root, dir.resolve(name + ext));
          ObjectNode tree = ProposalTree.of(p);
          String text =
              format == DocumentFormat.JSON
                  ? PolicyDocuments.jsonTrees(List.of(tree))
                  : PolicyDocuments.yaml(tree);
          writeFile(file, text);
          written.add(ns + "/" + name + ext);
        }
      }
      written.sort(null);
      Map<String, Object> kustomization = new LinkedHashMap<>();
      kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
      kustomization.put("kind", "Kustomization");
      kustomization.put("resources", written);
      writeFile(inside(root, root.resolve(KUSTOMIZATION)), PolicyDocuments.yaml(kustomization));
      return written;
    } catch (IOException e) {
      throw new NetpolException(
          ExitCode.UNEXPECTED_STATE,
          "cannot write the policies to "
              + out
              + ": "
              + e
              + "; check the folder and its permissions",
          e);
    }
  }

  /**
   * Removes policy files an earlier run wrote that this proposal no longer has, so the folder (and
   * everything that reads it: diff, netpol-rollout, kubectl apply -k) holds exactly the proposal.
   * Only the folders of namespaces this proposal covers are cleaned (a run for one namespace leaves
   * the others alone), and only files carrying the tool's managed-by label are touched.
   *
   * @return the removed files, relative to {@code out}, sorted
   */
  static List<String> removeStale(
      Path out, java.util.Set<String> namespaces, List<String> written) {
    List<String> removed = new ArrayList<>();
    try {
      Path root = out.toRealPath();
      try (var dirs = Files.list(root)) {
        for (Path dir :
            dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                .filter(d -> namespaces.contains(d.getFileName().toString()))
                .sorted()
                .toList()) {
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
      }
      return removed;
    } catch (IOException e) {
      throw new NetpolException(
          ExitCode.UNEXPECTED_STATE,
          "cannot write the policies to "
              + out
              + ": "
              + e
              + "; check the folder and its permissions",
          e);
    }
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
