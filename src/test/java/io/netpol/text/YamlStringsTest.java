package io.netpol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class YamlStringsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x1F",
        "0o17",
        "0b101",
        "1_000",
        "1e5",
        "1E-5",
        "0777",
        "+12",
        "-1",
        "12.50",
        ".5",
        "1:20",
        "190:20:30.15",
        ".inf",
        "-.Inf",
        ".NaN",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "N",
        "true",
        "False",
        "null",
        "NULL",
        "~",
        "",
        "2026-11-20",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "<<",
        "="
      })
  void a_value_any_yaml_reader_would_not_take_for_a_string_is_quoted(String value) {
    assertTrue(YamlStrings.readsAsOtherThanString(value), value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "voting-api",
        "v1",
        "0x",
        "1.2.3.4/32",
        "10.0.0.0/8",
        "app.kubernetes.io/name",
        "TCP",
        "Ingress",
        "netpol-recommend",
        "yes-please",
        "nope",
        "1.0-beta",
        "2026-11-20x"
      })
  void an_ordinary_string_stays_plain(String value) {
    assertFalse(YamlStrings.readsAsOtherThanString(value), value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x1F", "0o17", "0b101", "1_000", "1e5", "yes", "~", "2026-11-20"})
  void what_stays_plain_snakeyaml_reads_as_a_string_and_what_it_would_not_is_quoted(String v) {
    Object plain = ((Map<?, ?>) new Yaml().load("k: " + v)).get("k");
    Object quoted = ((Map<?, ?>) new Yaml().load("k: \"" + v + "\"")).get("k");
    assertEquals(v, quoted);
    if (!"0o17".equals(v)) {
      // SnakeYAML is YAML 1.1, where 0o17 is a string; 1.2 readers take it for 15.
      assertFalse(v.equals(plain), v + " read plain as " + plain);
    }
  }

  @Test
  void the_shortcut_for_values_beginning_with_a_letter_answers_as_the_expression_does() {
    java.util.Random r = new java.util.Random(7);
    String alphabet = "aeEfFlLnNoOrRsStTuUyY0123456789x.:_-+ ~<=";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder();
      b.append(alphabet.charAt(r.nextInt(22)));
      int n = r.nextInt(6);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String v = b.toString();
      assertEquals(YamlStrings.matchesNotAString(v), YamlStrings.readsAsOtherThanString(v), v);
    }
    for (String word : List.of("yes", "Yes", "YES", "no", "off", "On", "null", "Null", "True")) {
      assertTrue(YamlStrings.readsAsOtherThanString(word), word);
    }
  }
}
