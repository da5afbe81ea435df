package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.recommend.ClusterFacts;
import io.netpol.recommend.Proposal;
import io.netpol.recommend.ProposedPolicy;
import io.netpol.recommend.RecommendInput;
import io.netpol.recommend.RecommendOptions;
import io.netpol.recommend.Recommender;
import io.netpol.recommend.Review;
import io.netpol.render.Manifest;
import io.netpol.render.PolicyDocuments;
import io.netpol.render.PolicyFormat;
import io.netpol.render.ProposalViews;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes output is written as the proposal is made, one namespace after the other, and
 * holds nothing of the namespaces it wrote: what keeps propose's memory flat on a large cluster.
 * What it writes is what the renderer writes of the whole proposal.
 */
class ProposalOutputTest {
  static final int NAMESPACES = 12;

  @TempDir Path tmp;

  /** Workloads calling each other within and across {@link #NAMESPACES} namespaces. */
  static RecommendInput cluster() {
    List<ObservedConnection> cs = new ArrayList<>();
    for (int n = 0; n < NAMESPACES; n++) {
      for (int w = 0; w < 4; w++) {
        Endpoint client = pod(n, w);
        cs.add(conn(client, pod(n, (w + 1) % 4), 8080));
        cs.add(conn(client, pod((n + 1) % NAMESPACES, w), 9090));
        cs.add(
            conn(
                client, Endpoint.pod("kube-system", "coredns", Map.of("k8s-app", "kube-dns")), 53));
      }
    }
    return RecommendInput.of(cs);
  }

  private static Endpoint pod(int namespace, int workload) {
    String name = "svc-" + workload;
    return Endpoint.pod(String.format("team-%02d", namespace), name, Map.of("app", name));
  }

  private static ObservedConnection conn(Endpoint a, Endpoint b, int port) {
    Protocol p = port == 53 ? Protocol.UDP : Protocol.TCP;
    return new ObservedConnection(a, b, port, p, Verdict.ALLOWED, 3, 1_000, 2_000);
  }

  private ProposalOutput.Target target(Path out, Format syntax, StringWriter stdout) {
    return new ProposalOutput.Target(
        PolicyFormat.KUBERNETES,
        syntax,
        out,
        false,
        ClusterFacts.NONE,
        new PrintWriter(stdout),
        new PrintWriter(new StringWriter()));
  }

  /** The folder being put together beside {@code out}. */
  private Path stage(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith("." + out.getFileName()))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void each_namespace_is_on_disk_before_the_next_is_proposed_and_is_not_held_after()
      throws Exception {
    Path out = tmp.resolve("policies");
    List<String> written = new ArrayList<>();
    List<WeakReference<List<ProposedPolicy>>> handed = new ArrayList<>();
    Review review;
    try (ProposalOutput output =
        ProposalOutput.open(target(out, Format.YAML, new StringWriter()))) {
      review =
          Recommender.propose(
              cluster(),
              RecommendOptions.defaults(),
              (ns, policies) -> {
                assertWrittenBefore(out, "", written, ns);
                output.accept(ns, policies);
                written.add(ns);
                handed.add(new WeakReference<>(policies));
              });
      System.gc();
      for (int i = 0; i < handed.size() - 1; i++) {
        assertNull(handed.get(i).get(), written.get(i) + "'s policies are not held");
      }
      output.finish(review);
    }
    assertEquals(NAMESPACES, written.size());

    // The same bytes as the renderer writes of the whole proposal.
    Proposal whole = Recommender.propose(cluster(), RecommendOptions.defaults());
    Map<String, String> expected = new TreeMap<>();
    for (Manifest m :
        PolicyFormat.KUBERNETES.renderer().render(ProposalViews.of(whole)).manifests()) {
      expected.put(m.namespace() + "/" + m.name() + ".yaml", PolicyDocuments.yaml(m.object()));
    }
    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = out.relativize(f).toString();
        if (!rel.equals(ProposalFiles.KUSTOMIZATION)) {
          actual.put(rel, Files.readString(f));
        }
      }
    }
    assertEquals(expected, actual);
  }

  /** The folders of the namespaces {@code written} are in the folder being put together. */
  private void assertWrittenBefore(Path out, String prefix, List<String> written, String next) {
    for (String earlier : written) {
      assertTrue(
          Files.isDirectory(uncheckedStage(out).resolve(prefix + earlier)),
          earlier + " written before " + next + " was handed over");
    }
  }

  private Path uncheckedStage(Path out) {
    try {
      return stage(out);
    } catch (Exception e) {
      throw new AssertionError("no folder being written beside " + out, e);
    }
  }

  @Test
  void stdout_has_each_namespace_before_the_next_is_proposed_in_the_renderer_s_bytes()
      throws Exception {
    for (Format syntax : List.of(Format.YAML, Format.JSON)) {
      StringWriter stdout = new StringWriter();
      List<Integer> lengths = new ArrayList<>();
      try (ProposalOutput output = ProposalOutput.open(target(null, syntax, stdout))) {
        Review review =
            Recommender.propose(
                cluster(),
                RecommendOptions.defaults(),
                (ns, policies) -> {
                  output.accept(ns, policies);
                  lengths.add(stdout.getBuffer().length());
                });
        output.finish(review);
      }
      for (int i = 1; i < lengths.size(); i++) {
        assertTrue(lengths.get(i) > lengths.get(i - 1), syntax + ": namespace " + i + " written");
      }
      List<com.fasterxml.jackson.databind.node.ObjectNode> objects = new ArrayList<>();
      Proposal whole = Recommender.propose(cluster(), RecommendOptions.defaults());
      PolicyFormat.KUBERNETES
          .renderer()
          .render(ProposalViews.of(whole))
          .manifests()
          .forEach(m -> objects.add(m.object()));
      assertEquals(
          syntax == Format.JSON
              ? PolicyDocuments.jsonList(objects)
              : PolicyDocuments.yamlStream(objects),
          stdout.toString(),
          syntax.toString());
    }
  }

  @Test
  void every_format_on_stdout_is_its_rendering_of_the_whole_proposal() throws Exception {
    Proposal whole = Recommender.propose(cluster(), RecommendOptions.defaults());
    for (PolicyFormat format : PolicyFormat.values()) {
      if (format == PolicyFormat.HELM) {
        continue; // A chart is a folder.
      }
      List<com.fasterxml.jackson.databind.node.ObjectNode> objects = new ArrayList<>();
      format
          .renderer()
          .render(ProposalViews.of(whole))
          .manifests()
          .forEach(m -> objects.add(m.object()));
      for (Format syntax : List.of(Format.YAML, Format.JSON)) {
        StringWriter stdout = new StringWriter();
        ProposalOutput.Target t =
            new ProposalOutput.Target(
                format,
                syntax,
                null,
                false,
                ClusterFacts.NONE,
                new PrintWriter(stdout),
                new PrintWriter(new StringWriter()));
        try (ProposalOutput output = ProposalOutput.open(t)) {
          output.finish(Recommender.propose(cluster(), RecommendOptions.defaults(), output));
        }
        assertEquals(
            syntax == Format.JSON
                ? PolicyDocuments.jsonList(objects)
                : PolicyDocuments.yamlStream(objects),
            stdout.toString(),
            format + " " + syntax);
      }
    }
  }

  @Test
  void a_chart_s_templates_are_on_disk_namespace_by_namespace_its_values_at_the_end()
      throws Exception {
    Path out = tmp.resolve("chart");
    List<String> written = new ArrayList<>();
    ProposalOutput.Target t =
        new ProposalOutput.Target(
            PolicyFormat.HELM,
            Format.YAML,
            out,
            false,
            ClusterFacts.NONE,
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()));
    try (ProposalOutput output = ProposalOutput.open(t)) {
      Review review =
          Recommender.propose(
              cluster(),
              RecommendOptions.defaults(),
              (ns, policies) -> {
                assertWrittenBefore(out, "templates/", written, ns);
                output.accept(ns, policies);
                written.add(ns);
              });
      output.finish(review);
    }
    String values = Files.readString(out.resolve("values.yaml"));
    for (String ns : written) {
      assertTrue(values.contains("    " + ns + ":\n      enabled: false\n"), ns);
    }
  }
}
