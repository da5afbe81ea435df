package io.netpol.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.PolicyException;
import io.netpol.text.DisplayText;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads NetworkPolicies from YAML or JSON files: multi-document files, {@code kind: List}, and
 * folders of them (recursively; {@code .yaml}, {@code .yml}, {@code .json}). Other kinds (a
 * kustomization.yaml, a Deployment) are passed over; a NetworkPolicy that is not valid stops the
 * read with its file and document number. In a folder, files that are not Kubernetes objects at all
 * (Helm values, notes, broken YAML holding no policy) are skipped and named in {@link
 * Loaded#skipped()}; a file named on its own must be a manifest.
 */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PolicyFiles() {}

  /**
   * The policies read, and the files of a folder skipped as not Kubernetes objects.
   *
   * @param skipped {@code file (reason)}, in file order
   */
  public record Loaded(List<NetworkPolicy> policies, List<String> skipped) {
    /** One line naming the skipped files, or null when none was. */
    public String note() {
      if (skipped.isEmpty()) {
        return null;
      }
      return String.format(
          SKIPPED,
          skipped.size(),
          skipped.size() == 1 ? "file that is" : "files that are",
          String.join(", ", skipped.stream().map(DisplayText::escape).toList()));
    }
  }

  /** The note on skipped files. */
  public static final String SKIPPED = "skipped %d %s not Kubernetes objects: %s";

  public static List<NetworkPolicy> read(Path path) {
    return load(path).policies();
  }

  /** The policies at {@code path}, and what of a folder was skipped. */
  public static Loaded load(Path path) {
    if (!Files.exists(path)) {
      throw new PolicyInputException(path + ": no such file or folder");
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile)
            .filter(PolicyFiles::isManifest)
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new PolicyInputException(path + ": cannot list folder: " + e.getMessage());
      }
    } else {
      files.add(path);
    }
    boolean folder = Files.isDirectory(path);
    List<NetworkPolicy> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      String reason = readFile(file, out, folder);
      if (reason != null) {
        skipped.add(file + " (" + reason + ")");
      }
    }
    return new Loaded(List.copyOf(out), List.copyOf(skipped));
  }

  private static boolean isManifest(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".")
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  /**
   * Adds the file's policies to {@code out}. In a folder ({@code tolerant}) a file holding no
   * Kubernetes object is skipped: the reason is returned. Otherwise null.
   */
  private static String readFile(Path file, List<NetworkPolicy> out, boolean tolerant) {
    List<NetworkPolicy> found = new ArrayList<>();
    String notKubernetes = null;
    try (Reader reader = Files.newBufferedReader(file);
        MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(reader)) {
      int index = 0;
      while (docs.hasNextValue()) {
        index++;
        JsonNode doc = docs.nextValue();
        if (doc == null
            || doc.isNull()
            || doc.isMissingNode()
            || (doc.isObject() && doc.isEmpty())) {
          continue;
        }
        String where = file + " document " + index;
        if (tolerant && (!doc.isObject() || !doc.has("kind") || !doc.has("apiVersion"))) {
          notKubernetes = "no apiVersion and kind";
          continue;
        }
        if (!doc.isObject()) {
          throw new PolicyInputException(where + ": not a Kubernetes object");
        }
        String kind = doc.path("kind").asText("");
        if (kind.equals("List") || kind.endsWith("List") && doc.has("items")) {
          int item = 0;
          for (JsonNode i : doc.path("items")) {
            item++;
            add(i, where + " item " + item, found);
          }
        } else {
          add(doc, where, found);
        }
      }
    } catch (JsonProcessingException e) {
      if (tolerant && found.isEmpty()) {
        return "not valid YAML/JSON";
      }
      throw new PolicyInputException(
          file
              + ": not valid YAML/JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new PolicyInputException(file + ": cannot read: " + e.getMessage());
    }
    out.addAll(found);
    return found.isEmpty() ? notKubernetes : null;
  }

  private static void add(JsonNode doc, String where, List<NetworkPolicy> out) {
    String kind = doc.path("kind").asText("");
    if (kind.isEmpty()) {
      throw new PolicyInputException(where + ": no kind; expected kind: NetworkPolicy");
    }
    if (!kind.equals("NetworkPolicy")) {
      return;
    }
    String apiVersion = doc.path("apiVersion").asText("");
    if (!apiVersion.equals("networking.k8s.io/v1")) {
      throw new PolicyInputException(
          where + ": apiVersion \"" + apiVersion + "\"; expected networking.k8s.io/v1");
    }
    NetworkPolicy policy;
    try {
      policy = SERIALIZATION.convertValue(doc, NetworkPolicy.class);
    } catch (IllegalArgumentException e) {
      throw new PolicyInputException(where + ": not a valid NetworkPolicy: " + rootMessage(e));
    }
    if (policy.getMetadata() == null || policy.getMetadata().getName() == null) {
      throw new PolicyInputException(where + ": NetworkPolicy without metadata.name");
    }
    if (policy.getMetadata().getNamespace() == null) {
      throw new PolicyInputException(
          where
              + ": NetworkPolicy "
              + policy.getMetadata().getName()
              + " has no metadata.namespace; set it (the namespace decides which pods it selects)");
    }
    try {
      CompiledPolicy.compile(policy);
    } catch (PolicyException e) {
      throw new PolicyInputException(where + ": " + e.getMessage());
    }
    out.add(policy);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.split("\n")[0];
  }
}
