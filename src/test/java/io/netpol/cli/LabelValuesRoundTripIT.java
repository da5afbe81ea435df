package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netpol.kube.PolicyFiles;
import io.netpol.render.PolicyDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Label values that look like numbers, booleans, nulls or dates to a YAML reader stay strings in
 * the YAML the tool writes: read back by this tool (Jackson) and by a YAML 1.1 parser like
 * kubectl's (SnakeYAML), a selector still selects what it selected.
 */
class LabelValuesRoundTripIT {
  static final List<String> TRICKY =
      List.of(
          "0x1F",
          "0o17",
          "0b101",
          "1_000",
          "1e5",
          "0777",
          "+12",
          "12.50",
          "1:20",
          "yes",
          "No",
          "on",
          "OFF",
          "y",
          "n",
          "true",
          "null",
          "NULL",
          "2026-11-20",
          ".inf",
          "-.Inf",
          ".nan");

  @TempDir Path tmp;

  @Test
  void every_tricky_label_value_reads_back_as_the_same_string() throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      labels.put("k" + i, TRICKY.get(i));
    }
    labels.put("yes", "key-that-reads-as-a-boolean");
    NetworkPolicy policy =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(labels)
            .endPodSelector()
            .endSpec()
            .build();

    String yaml = PolicyDocuments.yaml(policy);

    Map<?, ?> snake = new Yaml().load(yaml);
    Map<?, ?> read =
        (Map<?, ?>)
            ((Map<?, ?>) ((Map<?, ?>) snake.get("spec")).get("podSelector")).get("matchLabels");
    for (Map.Entry<String, String> e : labels.entrySet()) {
      Object value = read.get(e.getKey());
      assertInstanceOf(String.class, value, e + " in\n" + yaml);
      assertEquals(e.getValue(), value, yaml);
    }
    Path file = Files.writeString(tmp.resolve("p.yaml"), yaml);
    assertEquals(labels, PolicyFiles.read(file).get(0).getSpec().getPodSelector().getMatchLabels());
  }

  @Test
  void explain_allows_a_workload_selected_by_v_0x1F_after_the_policies_are_written_and_read_back()
      throws Exception {
    ObjectNode r = CalicoRecord.allowed("shop", "web", "app=web", "shop", "api", "v=0x1F", 8000);
    Path flows = Files.writeString(tmp.resolve("flows.log"), r + "\n");
    Path db = tmp.resolve("netpol.db");
    Path out = tmp.resolve("policies");
    CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);
    CommandHarness.run("propose", "--db", db.toString(), "--out", out.toString(), "-n", "shop")
        .exits(0);
    assertTrue(
        Files.readString(out.resolve("shop/netpol-recommend-api-ingress.yaml"))
            .contains("v: \"0x1F\""),
        Files.readString(out.resolve("shop/netpol-recommend-api-ingress.yaml")));

    CommandHarness.Result explain =
        CommandHarness.run(
            "explain",
            "--db",
            db.toString(),
            "--policies",
            out.toString(),
            "--from",
            "shop/web",
            "--to",
            "shop/api",
            "--port",
            "8000");

    explain.exits(0);
    assertTrue(
        explain.out().startsWith("shop/web -> shop/api 8000/TCP: ALLOWED"), explain::toString);
  }
}
