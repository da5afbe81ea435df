package io.netpol.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.netpol.recommend.GoldenScenarioTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The helm format with the real Helm engine (helm-java): the chart lints, renders nothing by
 * default, renders exactly the kubernetes output with every switch on, and honours the
 * per-namespace and defaultDeny / allowDNS switches.
 */
class HelmChartIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private record Outputs(Path chart, SortedMap<String, String> kubernetes) {}

  private static Outputs outputs(String scenario, Path tmp) throws IOException {
    Path chart = tmp.resolve("chart");
    Path k8s = tmp.resolve("k8s");
    Path db = OutputFormatGoldenTest.observe(scenario, tmp.resolve("netpol.db"));
    OutputFormatGoldenTest.propose(db, scenario, "helm", chart);
    OutputFormatGoldenTest.propose(db, scenario, "kubernetes", k8s);
    SortedMap<String, String> kubernetes = GoldenScenarioTest.tree(k8s);
    kubernetes.remove("kustomization.yaml");
    return new Outputs(chart, kubernetes);
  }

  private static TreeSet<String> namespaces(Outputs o) {
    TreeSet<String> out = new TreeSet<>();
    o.kubernetes().keySet().forEach(k -> out.add(k.substring(0, k.indexOf('/'))));
    return out;
  }

  private static TemplateCommand allOn(Outputs o) {
    TemplateCommand t =
        new Helm(o.chart()).template().withName("netpol").set("networkPolicies.enabled", "true");
    for (String ns : namespaces(o)) {
      t.set("networkPolicies.namespaces." + ns + ".enabled", "true");
    }
    return t;
  }

  /**
   * The rendered documents by {@code namespace/name.yaml}, "# Source" lines removed; helm-java
   * returns null when nothing is rendered.
   */
  private static SortedMap<String, String> documents(String rendered) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    if (rendered == null) {
      return out;
    }
    List<String> lines = new ArrayList<>();
    for (String line : (rendered + "\n---\n").split("\n", -1)) {
      if (line.equals("---")) {
        String text = String.join("\n", lines).strip();
        if (!text.isEmpty()) {
          JsonNode o = YAML.readTree(text);
          String key =
              o.path("metadata").path("namespace").asText()
                  + "/"
                  + o.path("metadata").path("name").asText()
                  + ".yaml";
          out.put(key, text + "\n");
        }
        lines.clear();
      } else if (!line.startsWith("# Source: ")) {
        lines.add(line);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"voting-app", "internet-edge"})
  void the_chart_passes_helm_lint_strict(String scenario, @TempDir Path tmp) throws IOException {
    Outputs o = outputs(scenario, tmp);

    LintResult lint = new Helm(o.chart()).lint().strict().call();

    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"voting-app", "internet-edge"})
  void with_every_switch_on_helm_template_gives_exactly_the_kubernetes_output(
      String scenario, @TempDir Path tmp) throws IOException {
    Outputs o = outputs(scenario, tmp);

    SortedMap<String, String> rendered = documents(allOn(o).call());

    assertEquals(o.kubernetes().keySet(), rendered.keySet());
    for (Map.Entry<String, String> e : o.kubernetes().entrySet()) {
      assertEquals(
          YAML.readTree(e.getValue()), YAML.readTree(rendered.get(e.getKey())), e.getKey());
      assertEquals(e.getValue(), rendered.get(e.getKey()), e.getKey());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"voting-app", "internet-edge"})
  void by_default_the_chart_installs_nothing(String scenario, @TempDir Path tmp)
      throws IOException {
    Outputs o = outputs(scenario, tmp);

    assertEquals(Map.of(), documents(new Helm(o.chart()).template().withName("netpol").call()));
    assertEquals(
        Map.of(),
        documents(allOn(o).set("networkPolicies.enabled", "false").call()),
        "the master switch off turns every namespace off");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"voting-app"})
  void one_namespace_switch_installs_that_namespace_only(String scenario, @TempDir Path tmp)
      throws IOException {
    Outputs o = outputs(scenario, tmp);
    String first = namespaces(o).first();

    SortedMap<String, String> rendered =
        documents(
            new Helm(o.chart())
                .template()
                .withName("netpol")
                .set("networkPolicies.enabled", "true")
                .set("networkPolicies.namespaces." + first + ".enabled", "true")
                .call());

    SortedMap<String, String> expected = new TreeMap<>(o.kubernetes());
    expected.keySet().removeIf(k -> !k.startsWith(first + "/"));
    assertFalse(expected.isEmpty());
    assertEquals(expected, rendered);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"voting-app"})
  void default_deny_and_dns_have_their_own_switches(String scenario, @TempDir Path tmp)
      throws IOException {
    Outputs o = outputs(scenario, tmp);

    SortedMap<String, String> rendered =
        documents(
            allOn(o)
                .set("networkPolicies.defaultDeny", "false")
                .set("networkPolicies.allowDNS", "false")
                .call());

    SortedMap<String, String> expected = new TreeMap<>(o.kubernetes());
    expected
        .keySet()
        .removeIf(
            k ->
                k.endsWith("/netpol-recommend-default-deny.yaml")
                    || k.endsWith("/netpol-recommend-allow-dns.yaml"));
    assertTrue(expected.size() < o.kubernetes().size());
    assertEquals(expected, rendered);
  }
}
