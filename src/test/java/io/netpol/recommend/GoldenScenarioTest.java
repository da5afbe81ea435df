package io.netpol.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.cli.CommandHarness;
import io.netpol.cli.KubeOptions;
import io.netpol.cli.Services;
import io.netpol.cli.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden scenarios under {@code src/test/resources/scenarios/<name>/}: the flow logs ({@code
 * *.jsonl}, or the paths listed in {@code inputs.txt}) go through the real pipeline (observe into a
 * SQLite file, then propose --out, in-process), and the written tree must equal {@code expected/},
 * which also holds {@code summary.txt} (the stderr summary). Extra propose arguments come from
 * {@code args.txt}. Run with {@code -Dgolden.update=true} to regenerate; a mismatch writes the
 * output to {@code actual/} next to {@code expected/}.
 */
@EnableKubernetesMockClient(crud = true)
public class GoldenScenarioTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  public static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> dirs = Files.list(SCENARIOS)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void proposal_matches_the_golden_files(String name, @TempDir Path tmp) throws IOException {
    Path dir = SCENARIOS.resolve(name);
    Path out = tmp.resolve("out");
    CommandHarness.Result propose =
        observeAndPropose(dir, tmp.resolve("netpol.db"), out, cluster(dir));
    assertEquals(0, propose.exit(), propose::toString);
    SortedMap<String, String> actual = tree(out);
    actual.put("summary.txt", propose.err().replace(out.toString(), "<out>"));
    Path expectedDir = dir.resolve("expected");
    Path actualDir = dir.resolve("actual");
    if (UPDATE) {
      writeTree(expectedDir, actual);
      deleteTree(actualDir);
      return;
    }
    SortedMap<String, String> expected = tree(expectedDir);
    if (!expected.equals(actual)) {
      writeTree(actualDir, actual);
      List<String> differing = new ArrayList<>();
      expected.forEach(
          (k, v) -> {
            if (!v.equals(actual.get(k))) {
              differing.add(k);
            }
          });
      actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(differing::add);
      fail(
          "scenario "
              + name
              + " differs from "
              + expectedDir
              + " in "
              + differing
              + "; the output is in "
              + actualDir
              + " (diff -r them; -Dgolden.update=true accepts it)");
    }
    deleteTree(actualDir);
  }

  /**
   * Services whose cluster is the mock API server holding the scenario's {@code cluster.yaml}
   * (Nodes, EndpointSlices, Calico network sets), or none when the scenario has no cluster.
   */
  private static Services cluster(Path dir) throws IOException {
    Path yaml = dir.resolve("cluster.yaml");
    if (!Files.exists(yaml)) {
      return new TestServices();
    }
    client.nodes().delete();
    client.discovery().v1().endpointSlices().inAnyNamespace().delete();
    for (String doc : Files.readString(yaml).split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      HasMetadata object = new KubernetesSerialization().unmarshal(doc);
      if (object instanceof GenericKubernetesResource r) {
        // Calico's kinds: the mock serves custom resources by their path.
        client
            .genericKubernetesResources(
                new ResourceDefinitionContext.Builder()
                    .withGroup("projectcalico.org")
                    .withVersion("v3")
                    .withKind(r.getKind())
                    .withPlural(r.getKind().toLowerCase(java.util.Locale.ROOT) + "s")
                    .withNamespaced(r.getMetadata().getNamespace() != null)
                    .build())
            .resource(r)
            .createOr(x -> x.update());
      } else {
        client.resource(object).createOr(x -> x.update());
      }
    }
    return new TestServices() {
      @Override
      public KubernetesClient kubernetes(KubeOptions options) {
        return server.createClient();
      }
    };
  }

  @Test
  void the_calico_format_selects_a_network_set_the_cluster_knows_by_its_labels(@TempDir Path tmp)
      throws IOException {
    Path dir = SCENARIOS.resolve("goldmane-ndjson-with-cluster");
    Services services = cluster(dir);
    Path db = tmp.resolve("netpol.db");
    Path out = tmp.resolve("calico");
    List<String> observe = new ArrayList<>(List.of("observe", "--db", db.toString()));
    observe.addAll(inputs(dir));
    CommandHarness.run(observe.toArray(String[]::new)).exits(0);
    CommandHarness.run(
            services,
            "propose",
            "--db",
            db.toString(),
            "--cluster",
            "--output-format",
            "calico",
            "--out",
            out.toString())
        .exits(0);

    String admin = Files.readString(out.resolve("payments/netpol-recommend-admin-ingress.yaml"));
    String spec = admin.substring(admin.indexOf("\nspec:\n"));
    assertTrue(
        spec.contains("selector: role == 'vpn'\n        namespaceSelector: global()"), admin);
    assertEquals(1, spec.split("action: Allow", -1).length - 1, "one rule for the set: " + admin);
    assertFalse(spec.contains("nets:"), "the set's nets are the set's own business: " + admin);
  }

  /** Observes the scenario's flows into {@code db} and proposes into {@code out}. */
  static CommandHarness.Result observeAndPropose(Path dir, Path db, Path out) throws IOException {
    return observeAndPropose(dir, db, out, new TestServices());
  }

  static CommandHarness.Result observeAndPropose(Path dir, Path db, Path out, Services services)
      throws IOException {
    List<String> observe = new ArrayList<>(List.of("observe", "--db", db.toString()));
    observe.addAll(inputs(dir));
    CommandHarness.Result observed = CommandHarness.run(observe.toArray(String[]::new));
    assertEquals(0, observed.exit(), observed::toString);
    List<String> propose =
        new ArrayList<>(List.of("propose", "--db", db.toString(), "--out", out.toString()));
    Path args = dir.resolve("args.txt");
    if (Files.exists(args)) {
      propose.addAll(List.of(Files.readString(args).trim().split("\\s+")));
    }
    return CommandHarness.run(services, propose.toArray(String[]::new));
  }

  /** Relative paths, so the evidence annotations name the same sources on every machine. */
  public static List<String> inputs(Path dir) throws IOException {
    Path listed = dir.resolve("inputs.txt");
    if (Files.exists(listed)) {
      return Files.readAllLines(listed).stream()
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".ndjson"))
          .map(Path::toString)
          .sorted()
          .toList();
    }
  }

  public static SortedMap<String, String> tree(Path root) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  public static void writeTree(Path root, SortedMap<String, String> files) throws IOException {
    deleteTree(root);
    for (var e : files.entrySet()) {
      Path f = root.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
