package io.netpol.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netpol.cli.CommandHarness;
import io.netpol.recommend.GoldenScenarioTest;
import io.netpol.recommend.KubernetesNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output format of {@code propose}, through the real pipeline (observe into a SQLite file,
 * then {@code propose --output-format F --out DIR}, in-process), for the voting app and for an
 * internet-facing scenario (public clients, internet peers with and without DNS names, the API
 * server, a node). The written tree must equal {@code src/test/resources/formats/<scenario>/<F>/}
 * ({@code -Dgolden.update=true} regenerates; a mismatch writes {@code actual/} beside it), and
 * every custom resource written must validate against its published CRD schema.
 */
class OutputFormatGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/formats");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Path> STORES = new HashMap<>();
  @TempDir static Path stores;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String scenario : List.of("voting-app", "internet-edge", "internet-edge-any-world")) {
      for (PolicyFormat format : PolicyFormat.values()) {
        out.add(Arguments.of(scenario, format.cliName()));
      }
    }
    return out.stream();
  }

  /** The kubernetes format's golden files are the scenarios' own (GoldenScenarioTest). */
  static Stream<Arguments> goldenCases() {
    return cases().filter(a -> !a.get()[1].equals(PolicyFormat.KUBERNETES.cliName()));
  }

  /** The scenario's store, observed once for all formats. */
  static synchronized Path store(String scenario) throws IOException {
    Path db = STORES.get(scenario);
    if (db == null) {
      db = observe(scenario, stores.resolve(scenario + ".db"));
      STORES.put(scenario, db);
    }
    return db;
  }

  /** Observes the scenario's flow logs into {@code db}. */
  static Path observe(String scenario, Path db) throws IOException {
    List<String> observe = new ArrayList<>(List.of("observe", "--db", db.toString()));
    observe.addAll(GoldenScenarioTest.inputs(GoldenScenarioTest.SCENARIOS.resolve(scenario)));
    CommandHarness.run(observe.toArray(String[]::new)).exits(0);
    return db;
  }

  static CommandHarness.Result propose(String scenario, String format, Path out)
      throws IOException {
    return propose(store(scenario), scenario, format, out);
  }

  /**
   * Runs {@code propose --output-format format --out out} on {@code db} with the scenario's args.
   */
  static CommandHarness.Result propose(Path db, String scenario, String format, Path out)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "propose",
                "--db",
                db.toString(),
                "--output-format",
                format,
                "--out",
                out.toString()));
    Path extra = GoldenScenarioTest.SCENARIOS.resolve(scenario).resolve("args.txt");
    if (Files.exists(extra)) {
      args.addAll(List.of(Files.readString(extra).trim().split("\\s+")));
    }
    return CommandHarness.run(args.toArray(String[]::new)).exits(0);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("goldenCases")
  void every_format_matches_its_golden_files(String scenario, String format, @TempDir Path tmp)
      throws IOException {
    Path out = tmp.resolve("out");
    CommandHarness.Result r = propose(scenario, format, out);
    SortedMap<String, String> actual = GoldenScenarioTest.tree(out);
    actual.put("summary.txt", r.err().replace(out.toString(), "<out>"));
    Path expectedDir = GOLDEN.resolve(scenario).resolve(format);
    Path actualDir = GOLDEN.resolve(scenario).resolve(format + ".actual");
    if (UPDATE) {
      GoldenScenarioTest.writeTree(expectedDir, actual);
      GoldenScenarioTest.deleteTree(actualDir);
      return;
    }
    SortedMap<String, String> expected = GoldenScenarioTest.tree(expectedDir);
    if (!expected.equals(actual)) {
      GoldenScenarioTest.writeTree(actualDir, actual);
      fail(
          scenario
              + " as "
              + format
              + " differs from "
              + expectedDir
              + "; the output is in "
              + actualDir
              + " (diff -r them; -Dgolden.update=true accepts it)");
    }
    GoldenScenarioTest.deleteTree(actualDir);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void every_custom_resource_written_validates_against_its_published_crd(
      String scenario, String format, @TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    propose(scenario, format, out);
    int validated = 0;
    for (Map.Entry<String, String> f : GoldenScenarioTest.tree(out).entrySet()) {
      if (!f.getKey().endsWith(".yaml") || f.getKey().contains("templates/")) {
        continue;
      }
      JsonNode object = YAML.readTree(f.getValue());
      if (!CrdSchemas.covers(object)) {
        continue;
      }
      assertEquals(List.of(), CrdSchemas.errors(object), f.getKey());
      assertTrue(
          KubernetesNames.isDns1123Subdomain(object.path("metadata").path("name").asText()),
          f.getKey());
      object
          .path("metadata")
          .path("labels")
          .forEach(v -> assertTrue(KubernetesNames.isLabelValue(v.asText()), f.getKey()));
      validated++;
    }
    boolean customResources = !format.equals("kubernetes") && !format.equals("helm");
    assertEquals(customResources, validated > 0, "custom resources validated: " + validated);
  }
}
