package io.netpol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.files.FolderWrite;
import io.netpol.files.OutputFolder;
import io.netpol.recommend.KubernetesNames;
import io.netpol.render.PolicyDocuments;
import io.netpol.render.PolicyFormat;
import io.netpol.text.DisplayText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A rendered proposal as the folder {@code <out>/<namespace>/<policy>.yaml} (cluster-scoped objects
 * under {@value #CLUSTER_DIR}/) plus a {@code kustomization.yaml} listing every policy the tool
 * owns there, or as a chart's tree of files. The folder is written as a whole ({@link
 * OutputFolder}): policies of the namespaces proposed are replaced (those no longer proposed go),
 * the tool's policies of other namespaces stay listed, and files the tool did not write are left
 * alone and never overwritten. Every name is checked against the Kubernetes name rules again here.
 */
final class ProposalFiles {

  static final String KUSTOMIZATION = "kustomization.yaml";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String TOOL = "netpol-recommend";

  /** Names shown in one line before "and N more". */
  static final int SHOWN = 10;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "resources");

  private ProposalFiles() {}

  /** The folder of cluster-scoped objects: not a namespace name, so never a namespace's folder. */
  static final String CLUSTER_DIR = "_cluster";

  /** The files of a chart this tool writes, beside its {@code templates/}. */
  private static final Set<String> CHART_FILES = Set.of("Chart.yaml", "values.yaml", "README.md");

  /**
   * A write of a proposal to {@code --out}, object by object as they are rendered: the folder
   * {@code <out>/<namespace>/<policy>.<ext>} plus the kustomization listing every policy the tool
   * owns there, or a chart's files. Nothing is held but names; unless {@link #finish} is reached,
   * closing leaves the folder as it was.
   */
  static final class FolderOutput implements AutoCloseable {
    private final Path out;
    private final Format format;
    private final boolean chart;
    private final FolderWrite write;

    private FolderOutput(Path out, Format format, boolean chart, FolderWrite write) {
      this.out = out;
      this.format = format;
      this.chart = chart;
      this.write = write;
    }

    /**
     * Begins writing to {@code out} (nothing is written with {@code dryRun}); unless {@code
     * dryRun}, what an interrupted earlier write left is cleaned up first.
     *
     * @param chart whether the files are a chart's tree rather than objects
     */
    static FolderOutput open(Path out, Format format, boolean chart, boolean dryRun) {
      try {
        if (!dryRun) {
          OutputFolder.recover(out);
        }
        Path root = out.toAbsolutePath().normalize();
        OutputFolder.Contents current =
            OutputFolder.read(
                out,
                (file, content, same) ->
                    chart
                        ? ownedChartFile(root, file) || owned(root, file, content)
                        : same || owned(root, file, content));
        return new FolderOutput(out, format, chart, FolderWrite.begin(current, dryRun));
      } catch (IOException e) {
        throw cannotWrite(out, e);
      }
    }

    /** Writes one object: {@code <namespace>/<name>.<ext>}, or {@value #CLUSTER_DIR}/ when null. */
    void object(String namespace, String name, ObjectNode object) {
      if (namespace != null && !KubernetesNames.isDns1123Label(namespace)) {
        throw unsafe(namespace);
      }
      if (!KubernetesNames.isDns1123Subdomain(name)
          || name.length() > KubernetesNames.MAX_POLICY_NAME) {
        throw unsafe(name);
      }
      String text =
          format == Format.JSON
              ? PolicyDocuments.jsonList(List.of(object))
              : PolicyDocuments.yaml(object);
      String dir = namespace == null ? CLUSTER_DIR : namespace;
      put(dir + "/" + name + (format == Format.JSON ? ".json" : ".yaml"), text);
    }

    /** Writes one file of a chart. */
    void file(String path, String content) {
      for (String segment : path.split("/")) {
        if (!segment.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
          throw unsafe(path);
        }
      }
      put(path, content);
    }

    private void put(String path, String content) {
      try {
        write.put(path, content.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw cannotWrite(out, e);
      }
    }

    /**
     * Finishes the write of a proposal for {@code namespaces}: policies of theirs an earlier run
     * wrote and this one did not go, the tool's policies of other namespaces stay listed, and the
     * new folder replaces the old one (unless dry).
     */
    FolderWrite.Changes finish(Set<String> namespaces) {
      Set<String> folders = new TreeSet<>();
      for (String ns : namespaces) {
        folders.add(chart ? "templates/" + ns : ns);
      }
      if (!chart) {
        folders.add(CLUSTER_DIR);
      }
      try {
        OutputFolder.Contents current = write.current();
        SortedSet<String> removed = new TreeSet<>();
        SortedSet<String> listed = new TreeSet<>();
        for (String f : current.owned()) {
          if (f.equals(KUSTOMIZATION) || write.wrote(f)) {
            continue;
          }
          int slash = f.lastIndexOf('/');
          if (slash > 0 && folders.contains(f.substring(0, slash))) {
            removed.add(f);
          } else if (!chart) {
            listed.add(f);
          }
        }
        if (!chart) {
          listed.addAll(write.written());
          put(KUSTOMIZATION, kustomization(List.copyOf(listed)));
        }
        return write.commit(removed);
      } catch (IOException e) {
        throw cannotWrite(out, e);
      }
    }

    @Override
    public void close() {
      try {
        write.close();
      } catch (IOException e) {
        throw cannotWrite(out, e);
      }
    }
  }

  /**
   * Whether {@code file} belongs to a chart this tool wrote: the folder's {@code Chart.yaml} names
   * the tool, and the file is one of the chart's own files or a template. (Templates are not YAML
   * until Helm renders them, so {@link #owned} cannot read their labels.)
   */
  static boolean ownedChartFile(Path root, Path file) {
    String rel = root.relativize(file).toString().replace('\\', '/');
    if (!CHART_FILES.contains(rel) && !rel.startsWith("templates/")) {
      return false;
    }
    try {
      Path chart = root.resolve("Chart.yaml");
      return Files.isRegularFile(chart, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && Files.readString(chart).contains(TOOL);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * What a write did, on stderr.
   *
   * @param format the output format: a chart is reported as files, other formats' objects by their
   *     format's name
   */
  static void report(
      FolderWrite.Changes plan, PrintWriter err, PolicyFormat format, boolean chart) {
    Path out = plan.folder();
    if (chart) {
      err.printf("wrote a %s chart of %d files to %s%n", format, plan.written().size(), out);
      leftAlone(plan, err, "left alone");
      return;
    }
    int written = plan.written().size() - 1;
    int kept = listed(plan).size() - written;
    err.printf(
        "wrote %d %s to %s and %s listing them%s%n",
        written,
        format != PolicyFormat.KUBERNETES
            ? format + (written == 1 ? " object" : " objects")
            : written == 1 ? "policy" : "policies",
        out,
        KUSTOMIZATION,
        kept == 0 ? "" : " and " + kept + " more of other namespaces written before");
    if (!plan.removed().isEmpty()) {
      err.printf(
          "removed %d %s an earlier run wrote that %s no longer proposed: %s%n",
          plan.removed().size(),
          plan.removed().size() == 1 ? "policy" : "policies",
          plan.removed().size() == 1 ? "is" : "are",
          shown(plan.removed()));
    }
    leftAlone(plan, err, "left alone");
  }

  /** What a dry run would do, on stdout; nothing is written. */
  static void reportDryRun(FolderWrite.Changes plan, PrintWriter out) {
    for (String f : plan.created()) {
      if (!f.equals(KUSTOMIZATION)) {
        out.println("would write " + f + " (new)");
      }
    }
    for (String f : plan.changed()) {
      if (!f.equals(KUSTOMIZATION)) {
        out.println("would write " + f + " (changed)");
      }
    }
    for (String f : plan.removed()) {
      out.println("would remove " + f + " (no longer proposed)");
    }
    int unchanged = (int) plan.unchanged().stream().filter(f -> !f.equals(KUSTOMIZATION)).count();
    if (unchanged > 0) {
      out.println("unchanged: " + unchanged + (unchanged == 1 ? " policy" : " policies"));
    }
    int listed = listed(plan).size();
    String kustomization =
        KUSTOMIZATION + " listing " + listed + (listed == 1 ? " policy" : " policies");
    out.println(
        plan.unchanged().contains(KUSTOMIZATION)
            ? kustomization + ": unchanged"
            : "would write " + kustomization);
    leftAlone(plan, out, "would leave alone");
    out.println("dry run: nothing written to " + plan.folder());
  }

  private static List<String> listed(FolderWrite.Changes plan) {
    List<String> listed = new ArrayList<>(plan.written());
    listed.remove(KUSTOMIZATION);
    listed.addAll(plan.kept());
    return listed;
  }

  private static void leftAlone(FolderWrite.Changes plan, PrintWriter w, String verb) {
    SortedSet<String> foreign = plan.foreign();
    if (!foreign.isEmpty()) {
      w.printf(
          "%s %d %s %s did not write: %s%n",
          verb, foreign.size(), foreign.size() == 1 ? "file" : "files", TOOL, shown(foreign));
    }
  }

  private static String shown(SortedSet<String> names) {
    List<String> shown = names.stream().limit(SHOWN).map(DisplayText::escape).toList();
    return String.join(", ", shown)
        + (names.size() > SHOWN ? " and " + (names.size() - SHOWN) + " more" : "");
  }

  private static String kustomization(List<String> resources) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    k.put("kind", "Kustomization");
    k.put("resources", resources);
    return PolicyDocuments.yaml(k);
  }

  /**
   * Whether the tool wrote {@code file}: its kustomization.yaml (nothing but the resources list),
   * or a YAML/JSON file whose every object carries the tool's managed-by label.
   */
  static boolean owned(Path root, Path file) {
    try {
      return owned(root, file, Files.readAllBytes(file));
    } catch (IOException e) {
      return false;
    }
  }

  /** {@link #owned(Path, Path)} of a file whose bytes are {@code content}. */
  static boolean owned(Path root, Path file, byte[] content) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".yaml") && !name.endsWith(".json")) {
      return false;
    }
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(content)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException | RuntimeException notYaml) {
      return false;
    }
    if (file.equals(root.resolve(KUSTOMIZATION))) {
      return docs.size() == 1
          && docs.get(0).path("kind").asText().equals("Kustomization")
          && KUSTOMIZATION_KEYS.containsAll(fieldNames(docs.get(0)));
    }
    if (docs.isEmpty()) {
      return false;
    }
    for (JsonNode doc : docs) {
      List<JsonNode> objects = new ArrayList<>();
      if (doc.path("kind").asText().equals("List")) {
        doc.path("items").forEach(objects::add);
      } else {
        objects.add(doc);
      }
      for (JsonNode o : objects) {
        if (!o.path("metadata").path("labels").path(MANAGED_BY).asText().equals(TOOL)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static NetpolException cannotWrite(Path out, IOException e) {
    return new NetpolException(
        ExitCode.UNEXPECTED_STATE,
        "cannot write the policies to " + out + ": " + e + "; check the folder and its permissions",
        e);
  }

  private static NetpolException unsafe(String name) {
    return new NetpolException(
        ExitCode.INTERNAL,
        "refusing to write "
            + KubernetesNames.shown(name)
            + ": it is not a safe name inside --out");
  }
}
