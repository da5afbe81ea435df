package io.netpol.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.Ownership;
import io.netpol.policy.Policy;
import io.netpol.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Reads NetworkPolicies from YAML or JSON files: multi-document files, {@code kind: List}, and
 * folders of them (recursively; {@code .yaml}, {@code .yml}, {@code .json}), files parsed in
 * parallel and returned in path order. Other kinds (a kustomization.yaml, a Deployment) are passed
 * over. Plain YAML, as manifests are written, is read by {@link PlainYaml}; anything else by the
 * full YAML parser.
 *
 * <p>Deployed policies ({@link #read}) must all be valid: the first that is not stops the read with
 * its file and document number. A proposal ({@link #readProposal}) is what {@code propose} wrote:
 * files that are not Kubernetes YAML, and NetworkPolicies the tool does not own ({@link
 * Ownership}), are skipped with a note, never an error; a policy it owns that is not valid still
 * stops the read.
 *
 * <p>Given namespaces ({@link PolicyScope}), only their policies are returned; in a folder laid out
 * by namespace, only their subfolders are read; and a file is parsed only when its text could hold
 * one: it names one of them or contains an escape sequence, which a YAML or JSON string needs to
 * spell a name in other characters.
 */
public final class PolicyFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Configured as fabric8 configures its own; read through directly, as a tree converted with
   * fabric8's convertValue is first written out to a buffer of tokens.
   */
  private static final ObjectMapper KUBERNETES = kubernetesMapper();

  /** Up to this many namespaces, files that do not name one are not parsed. */
  static final int SEARCHED_NAMESPACES = 16;

  /**
   * The policies read, and what was skipped: one note per skipped document or file.
   *
   * @param <T> the fabric8 object, or the compact {@link Policy} when many are read
   */
  public record Read<T>(List<T> policies, List<String> notes) {
    public Read {
      policies = List.copyOf(policies);
      notes = List.copyOf(notes);
    }
  }

  private PolicyFiles() {}

  private static ObjectMapper kubernetesMapper() {
    ObjectMapper mapper = new ObjectMapper();
    new KubernetesSerialization(mapper, true);
    return mapper;
  }

  /** Every NetworkPolicy under {@code path}. */
  public static List<NetworkPolicy> read(Path path) {
    return read(path, Set.of());
  }

  /**
   * The NetworkPolicies of {@code namespaces} (of every namespace when empty) under {@code path}.
   */
  public static List<NetworkPolicy> read(Path path, Set<String> namespaces) {
    return collect(path, PolicyScope.of(namespaces), false, (policy, doc) -> validated(policy))
        .policies();
  }

  /** The proposal under {@code path}: the policies the tool owns, and notes on what was skipped. */
  public static Read<NetworkPolicy> readProposal(Path path) {
    return readProposal(path, PolicyScope.ALL);
  }

  /** The policies of the proposal under {@code path} that {@code scope} asks for. */
  public static Read<NetworkPolicy> readProposal(Path path, PolicyScope scope) {
    return collect(path, scope, true, (policy, doc) -> validated(policy));
  }

  /**
   * Deployed policies in compact form: each fabric8 object is dropped once it is compiled. The
   * notes say when folders named after namespaces did not hold only theirs.
   */
  public static Read<Policy> readCompact(Path path, PolicyScope scope) {
    return collect(path, scope, false, PolicyFiles::compact);
  }

  /** A proposal in compact form, keeping the policies {@code scope} asks for. */
  public static Read<Policy> readProposalCompact(Path path, PolicyScope scope) {
    return collect(path, scope, true, PolicyFiles::compact);
  }

  private static Policy compact(NetworkPolicy policy, JsonNode doc) {
    return Policy.of(policy, doc.get("spec"));
  }

  private static NetworkPolicy validated(NetworkPolicy policy) {
    CompiledPolicy.compile(policy);
    return policy;
  }

  /** What one file gave, or why it could not be read. */
  private record FileRead<T>(
      List<T> policies, List<String> notes, String misplaced, RuntimeException error) {
    static <T> FileRead<T> of(Documents<T> docs) {
      try {
        readFile(docs);
        return new FileRead<>(docs.policies, docs.notes, docs.misplaced, null);
      } catch (PolicyInputException e) {
        return new FileRead<>(List.of(), List.of(), null, e);
      }
    }
  }

  private static <T> Read<T> collect(
      Path path,
      PolicyScope scope,
      boolean proposal,
      BiFunction<NetworkPolicy, JsonNode, T> convert) {
    List<Path> every = files(path);
    List<Path> reading = scope.filesToRead(path, every);
    List<FileRead<T>> results =
        reading.parallelStream()
            .map(
                f ->
                    FileRead.of(
                        new Documents<>(
                            f, scope, scope.folderNamespace(path, f), proposal, convert)))
            .toList();
    List<T> policies = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (FileRead<T> r : results) {
      // The first bad file in path order, whichever thread found it first.
      if (r.error() != null) {
        throw r.error();
      }
      if (r.misplaced() != null && reading.size() < every.size()) {
        // Folder names do not follow the layout, so they say nothing: read every file.
        Read<T> all = collect(path, scope.everyFolder(), proposal, convert);
        List<String> more = new ArrayList<>(all.notes());
        more.add(0, r.misplaced() + "; every folder read");
        return new Read<>(all.policies(), more);
      }
      policies.addAll(r.policies());
      notes.addAll(r.notes());
    }
    return new Read<>(policies, notes);
  }

  private static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new PolicyInputException(path + ": no such file or folder");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    // Symbolic links are followed: a folder linked into place (or linked itself) is read.
    try (Stream<Path> walk = Files.walk(path, FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(Files::isRegularFile).filter(PolicyFiles::isManifest).sorted().toList();
    } catch (IOException e) {
      throw cannotList(path, e);
    } catch (UncheckedIOException e) {
      throw cannotList(path, e.getCause());
    }
  }

  private static PolicyInputException cannotList(Path path, IOException e) {
    return new PolicyInputException(
        path
            + ": cannot list folder: "
            + (e instanceof FileSystemLoopException
                ? "a symbolic link loops back to " + e.getMessage()
                : e.getMessage()));
  }

  private static boolean isManifest(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".")
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  private static void readFile(Documents<?> docs) {
    byte[] content;
    try {
      content = Files.readAllBytes(docs.file);
    } catch (IOException e) {
      throw new PolicyInputException(docs.file + ": cannot read: " + e.getMessage());
    }
    // A file in the folder of a namespace asked for is read whatever it names: that checks the
    // folder holds only that namespace's policies.
    boolean ownFolder = docs.folder != null && docs.scope.namespaces().contains(docs.folder);
    if (!ownFolder && !mayHold(content, docs.scope.namespaces())) {
      return;
    }
    List<JsonNode> plain = plain(content);
    if (plain != null) {
      plain.forEach(docs::add);
      return;
    }
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(content)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    } catch (JsonProcessingException e) {
      docs.skipOrFail(
          docs.file
              + ": not valid YAML/JSON: "
              + oneLine(e.getOriginalMessage())
              + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    } catch (IOException e) {
      throw new PolicyInputException(docs.file + ": cannot read: " + e.getMessage());
    }
  }

  /** The documents as the fast reader reads them, or {@code null} for the full YAML parser. */
  private static List<JsonNode> plain(byte[] content) {
    if (isAscii(content)) {
      // One byte a character: decoding is copying.
      return PlainYaml.parse(new String(content, StandardCharsets.US_ASCII));
    }
    try {
      CharBuffer decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content));
      return PlainYaml.parse(decoded.toString());
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(byte[] content) {
    for (byte b : content) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * False only when the file cannot hold a policy of {@code namespaces}. Past a few namespaces
   * searching costs more than parsing, and every file is parsed.
   */
  static boolean mayHold(byte[] content, Set<String> namespaces) {
    if (namespaces.isEmpty()
        || namespaces.size() > SEARCHED_NAMESPACES
        || indexOf(content, new byte[] {'\\'}) >= 0) {
      return true;
    }
    for (String ns : namespaces) {
      if (indexOf(content, ns.getBytes(StandardCharsets.UTF_8)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] text, byte[] word) {
    outer:
    for (int i = 0; i + word.length <= text.length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (text[i + j] != word[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The documents of one file, checked one by one. */
  private static final class Documents<T> {
    private final Path file;
    private final PolicyScope scope;
    private final String folder;
    private final boolean proposal;
    private final BiFunction<NetworkPolicy, JsonNode, T> convert;
    private final List<T> policies = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String misplaced;
    private int index;

    Documents(
        Path file,
        PolicyScope scope,
        String folder,
        boolean proposal,
        BiFunction<NetworkPolicy, JsonNode, T> convert) {
      this.file = file;
      this.scope = scope;
      this.folder = folder;
      this.proposal = proposal;
      this.convert = convert;
    }

    void add(JsonNode doc) {
      index++;
      if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
        return;
      }
      String where = file + " document " + index;
      if (!doc.isObject()) {
        skipOrFail(where + ": not a Kubernetes object");
        return;
      }
      String kind = doc.path("kind").asText("");
      if (kind.equals("List") || kind.endsWith("List") && doc.has("items")) {
        int item = 0;
        for (JsonNode i : doc.path("items")) {
          item++;
          object(i, where + " item " + item);
        }
      } else {
        object(doc, where);
      }
    }

    private void object(JsonNode doc, String where) {
      String kind = doc.path("kind").asText("");
      if (kind.isEmpty()) {
        skipOrFail(where + ": no kind; expected kind: NetworkPolicy");
        return;
      }
      if (!kind.equals("NetworkPolicy")) {
        return;
      }
      String apiVersion = doc.path("apiVersion").asText("");
      if (!apiVersion.equals("networking.k8s.io/v1")) {
        skipOrFail(where + ": apiVersion \"" + apiVersion + "\"; expected networking.k8s.io/v1");
        return;
      }
      NetworkPolicy policy;
      try {
        policy = KUBERNETES.treeToValue(doc, NetworkPolicy.class);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new PolicyInputException(where + ": not a valid NetworkPolicy: " + rootMessage(e));
      }
      if (proposal && !Ownership.labelled(policy)) {
        notes.add(
            where
                + ": NetworkPolicy "
                + name(policy)
                + " is not labelled "
                + Ownership.LABEL
                + ": "
                + Ownership.OWNER
                + ", so it is not part of the proposal; skipped");
        return;
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
      String namespace = policy.getMetadata().getNamespace();
      if (folder != null && !folder.equals(namespace) && misplaced == null) {
        misplaced = where + ": a policy of namespace " + namespace + " in folder " + folder;
      }
      if (!scope.namespaces().isEmpty() && !scope.namespaces().contains(namespace)) {
        return;
      }
      try {
        policies.add(convert.apply(policy, doc));
      } catch (PolicyException e) {
        throw new PolicyInputException(where + ": " + e.getMessage());
      }
    }

    /** Deployed files must be valid; a proposal folder may hold other YAML. */
    void skipOrFail(String problem) {
      if (!proposal) {
        throw new PolicyInputException(problem);
      }
      notes.add(problem + "; skipped");
    }

    private static String name(NetworkPolicy p) {
      if (p.getMetadata() == null) {
        return "<unnamed>";
      }
      String ns = p.getMetadata().getNamespace();
      return (ns == null ? "" : ns + "/") + p.getMetadata().getName();
    }
  }

  /**
   * The parser's message on one line. The YAML parser's spans lines: what it was parsing and the
   * problem, each followed by indented marks and a quoted snippet of the file, left out here.
   */
  private static String oneLine(String parserMessage) {
    if (parserMessage == null) {
      return "unreadable";
    }
    List<String> said =
        parserMessage
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .toList();
    return said.isEmpty()
        ? parserMessage.strip().lines().findFirst().orElse("")
        : String.join(": ", said);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.split("\n")[0];
  }
}
