package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast reader gives exactly what the full YAML parser gives, or gives up: on the manifests of
 * this repository, on hand-written YAML with the constructs that differ between YAML versions, and
 * on thousands of randomly mangled manifests.
 */
class PlainYamlTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The full parser's documents, or {@code null} when it refuses the text. */
  private static List<JsonNode> full(String text) {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        out.add(it.nextValue());
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Mangled manifests per run; 60,000 with other seeds found nothing more when this was written.
   */
  private static final int MANGLED = 5000;

  /** True when the fast reader read {@code text} (and agreed), false when it fell back. */
  private static boolean agrees(String text) {
    List<JsonNode> fast = PlainYaml.parse(text);
    if (fast == null) {
      return false;
    }
    List<JsonNode> expected = full(text);
    if (expected == null) {
      String why;
      try {
        YAML.readerFor(JsonNode.class).readValues(text).readAll();
        why = "?";
      } catch (IOException | RuntimeException e) {
        why = e.getMessage();
      }
      fail("the full parser refuses (" + why + ") what the fast one read:\n" + text);
    }
    assertEquals(expected, fast, text);
    return true;
  }

  static Stream<Path> manifests() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String root : List.of("src/test/resources", "collectors", "deploy", "rollout-plans")) {
      try (Stream<Path> walk = Files.walk(Path.of(root))) {
        walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .forEach(out::add);
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void every_manifest_of_the_repository_reads_the_same_or_falls_back(Path file) throws Exception {
    agrees(Files.readString(file));
  }

  @Test
  void what_propose_writes_is_read_by_the_fast_reader() throws Exception {
    int read = 0;
    try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/scenarios"))) {
      for (Path p :
          walk.filter(f -> f.toString().endsWith(".yaml") && f.toString().contains("/expected/"))
              .toList()) {
        String text = Files.readString(p);
        assertNotNull(PlainYaml.parse(text), p.toString());
        assertEquals(full(text), PlainYaml.parse(text), p.toString());
        read++;
      }
    }
    assertEquals(true, read > 20, "golden proposals read: " + read);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: yes\n",
        "a: on\n",
        "a: ~\n",
        "a: null\n",
        "a: 0x1F\n",
        "a: 0o17\n",
        "a: 017\n",
        "a: 1_000\n",
        "a: 1e5\n",
        "a: -3\n",
        "a: .inf\n",
        "a: 12:30\n",
        "a: 2001-12-14\n",
        "a: &x b\nc: *x\n",
        "a: !!str 3\n",
        "a: >\n  folded\n  text\n",
        "a: |+\n  kept\n\n",
        "a: |2\n   indented\n",
        "a: b # comment\n",
        "a: \"esc\\u0041\"\n",
        "a: multi\n  line\n",
        "a:\n",
        "a: b\na: c\n",
        "? a\n: b\n",
        "a: {b: c}\n",
        "a: [b, [c]]\n",
        "a:\tb\n",
        "a: b\r\n",
        "%YAML 1.2\n---\na: b\n",
        "a: b\n...\n",
        "a: b\n---\n",
        "- a\n- b\n",
        "plain\n",
        "a: 'it''s'\n",
        "a: \"quoted: yes\"\n",
        "a: [Ingress, Egress]\nb: []\nc: {}\n",
        "a: 10.0.0.0/8\nb: 8004\nc: 0\n",
        "# only a comment\n",
        "",
        "a:\n- b\n- c: d\n  e: f\n",
        "a:\n  - |\n    text\n  - x\n",
        "key with space: v\nurl: http://x:80/y\n",
      })
  void hand_written_yaml_reads_the_same_or_falls_back(String text) {
    agrees(text);
  }

  @Test
  void the_yaml_version_dependent_forms_fall_back() {
    for (String text : List.of("a: yes\n", "a: 0x1F\n", "a: 017\n", "a: 12:30\n", "a: ~\n")) {
      assertNull(PlainYaml.parse(text), text);
    }
  }

  @Test
  void mangled_manifests_read_the_same_or_fall_back() throws Exception {
    List<String> seeds = new ArrayList<>();
    for (Path p : manifests().toList()) {
      seeds.add(Files.readString(p));
    }
    String alphabet = " \n-:#|>'\"[]{},.&*!?0123456789abcxyzTRUE\t\u0085\u2028\u00e9\u20ac\r";
    Random random = new Random(16);
    int read = 0;
    for (int i = 0; i < MANGLED; i++) {
      StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(text.length() + 1);
        int lineStart = text.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
        int lineEnd = text.indexOf("\n", at) < 0 ? text.length() : text.indexOf("\n", at) + 1;
        switch (random.nextInt(5)) {
          case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> {
            if (at < text.length()) {
              text.deleteCharAt(at);
            }
          }
          case 2 -> text.insert(lineStart, "  ");
          case 3 -> text.insert(lineStart, text.substring(lineStart, lineEnd));
          default -> text.delete(lineStart, lineEnd);
        }
      }
      read += agrees(text.toString()) ? 1 : 0;
    }
    assertEquals(true, read > MANGLED / 4, "mangled manifests the fast reader read: " + read);
  }
}
