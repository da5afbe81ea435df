package io.netpol.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast YAML writer against the YAML mapper it stands in for: the same bytes, always. */
class YamlWriterTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Characters that matter to YAML, and ordinary ones. */
  private static final String NASTY = "aZ09._/-:# {}[],'\"\n\t!&*?|>%@`~=+\\é\u0085\u2028\u00a0";

  private static final List<String> WORDS =
      List.of(
          "app.kubernetes.io/name",
          "team-000",
          "svc-001",
          "10.0.0.1/32",
          "0.0.0.0/0",
          "::/0",
          "fd00::/8",
          "80",
          "0x1F",
          "1e5",
          "yes",
          "No",
          "null",
          "~",
          "",
          "2026-11-20",
          "1:20",
          "-leading",
          "trailing ",
          " leading",
          "a: b",
          "a #b",
          "#x",
          "{\"connections\":3,\"sources\":[\"file:x.jsonl\"]}\n",
          "[\n{\"rule\":\"ingress[0]\"},\n{\"rule\":\"ingress[1]\"}\n]",
          "line one\nline two",
          "ends with two\n\n",
          "\nstarts with a break",
          "  indented\nsecond",
          "tab\there",
          "Deny all ingress: 3 workloads, 4 edges.",
          "Inbound connections of team-000/svc-003 from the clients and ports observed.",
          "x".repeat(130),
          "k8s:io.kubernetes.pod.namespace",
          "1abc",
          "_under",
          "e",
          "E5");

  private static String oracle(JsonNode tree) throws Exception {
    String text = PolicyDocuments.YAML.writeValueAsString(tree);
    return text.endsWith("\n") ? text : text + "\n";
  }

  private static String string(Random r) {
    if (r.nextInt(3) > 0) {
      return WORDS.get(r.nextInt(WORDS.size()));
    }
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append(NASTY.charAt(r.nextInt(NASTY.length())));
    }
    return b.toString();
  }

  private static JsonNode value(Random r, int depth) {
    int kind = r.nextInt(depth > 3 ? 4 : 7);
    switch (kind) {
      case 0:
      case 1:
        return NODES.textNode(string(r));
      case 2:
        return NODES.numberNode(r.nextInt(70000) - 5);
      case 3:
        return r.nextBoolean() ? NODES.booleanNode(r.nextBoolean()) : NODES.textNode(string(r));
      case 4:
      case 5:
        return object(r, depth + 1);
      default:
        ArrayNode a = NODES.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(r.nextInt(5) == 0 ? NODES.arrayNode() : value(r, depth + 1));
        }
        return a;
    }
  }

  private static ObjectNode object(Random r, int depth) {
    ObjectNode o = NODES.objectNode();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      o.set(r.nextInt(4) == 0 ? string(r) : "key" + r.nextInt(5), value(r, depth));
    }
    return o;
  }

  @Test
  void random_trees_of_awkward_strings_come_out_as_the_mapper_writes_them() throws Exception {
    Random r = new Random(20261120);
    int written = 0;
    for (int i = 0; i < 10_000; i++) {
      ObjectNode tree = object(r, 0);
      String fast = YamlWriter.write(PolicyDocuments.YAML, tree);
      if (fast != null) {
        written++;
        assertEquals(oracle(tree), fast, tree.toString());
      }
    }
    assertTrue(written > 4_000, "the fast writer wrote many of them itself: " + written);
  }

  @Test
  void a_policy_with_json_annotations_is_written_by_the_writer_itself() throws Exception {
    ObjectNode policy =
        (ObjectNode)
            MAPPER.readTree(
                "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":"
                    + "{\"name\":\"a-ingress\",\"namespace\":\"shop\",\"labels\":{\"app.kubernetes.io/managed-by\":"
                    + "\"netpol-recommend\"},\"annotations\":{\"netpol-recommend.io/evidence\":"
                    + "\"{\\\"connections\\\":3}\\n\",\"netpol-recommend.io/rules\":\"[\\n{\\\"rule\\\":"
                    + "\\\"ingress[0]\\\"}\\n]\"}},\"spec\":{\"podSelector\":{\"matchLabels\":{\"app\":\"a\"}},"
                    + "\"policyTypes\":[\"Ingress\"],\"ingress\":[{\"from\":[{\"namespaceSelector\":"
                    + "{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"web\"}},\"podSelector\":"
                    + "{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\",\"values\":[\"b\",\"c\"]}]}},"
                    + "{\"podSelector\":{}}],\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}]}}");
    String fast = YamlWriter.write(PolicyDocuments.YAML, policy);
    assertNotNull(fast, "nothing left to the mapper");
    assertEquals(oracle(policy), fast);
    assertTrue(fast.contains("    netpol-recommend.io/rules: |-\n      [\n"), fast);
  }

  @Test
  void shapes_it_does_not_write_are_left_to_the_mapper() {
    ObjectNode nested = NODES.objectNode();
    nested.putArray("a").addArray().add("x");
    assertNull(YamlWriter.write(PolicyDocuments.YAML, nested), "a sequence in a sequence");
    ObjectNode longKey = NODES.objectNode();
    longKey.put("k".repeat(128), "v");
    assertNull(YamlWriter.write(PolicyDocuments.YAML, longKey), "an explicit key");
    ObjectNode real = NODES.objectNode();
    real.put("ratio", 0.5);
    assertNull(YamlWriter.write(PolicyDocuments.YAML, real), "a floating point number");
  }
}
