package io.netpol.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names from flow data can neither open markup in HTML nor leave a Mermaid label. */
class EscapingTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "a' onmouseover='alert(1)",
        "tab\tnew\nline\r\u001b[31mred",
        "a|b&c<d>e`f"
      })
  void html_text_holds_no_markup_character_and_no_control_character(String name) {
    String escaped = Markup.escape(name);
    for (char c : "<>\"'".toCharArray()) {
      assertFalse(escaped.indexOf(c) >= 0, c + " in " + escaped);
    }
    assertTrue(escaped.chars().noneMatch(c -> c < 0x20), escaped);
    assertFalse(
        escaped
            .replace("&amp;", "")
            .replace("&lt;", "")
            .replace("&gt;", "")
            .replace("&quot;", "")
            .replace("&#39;", "")
            .contains("&"),
        escaped);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x\"] --> evil[\"y",
        "```\n# heading",
        "#60;script#62;",
        "a|b&c<d>e`f",
        "tab\tnew\nline\r\u001b[31mred"
      })
  void a_mermaid_label_is_one_quoted_string_without_entity_code_html_or_fence(String name) {
    String label = Mermaid.label(name);
    assertTrue(label.startsWith("\"") && label.endsWith("\""), label);
    String inside = label.substring(1, label.length() - 1);
    for (char c : "\"<>&#`|\n\r".toCharArray()) {
      assertFalse(inside.indexOf(c) >= 0, "'" + c + "' in " + label);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"*bold*", "[link](http://x)", "<b>x</b>", "a|b", "`code`", "#1"})
  void markdown_text_has_every_markup_character_escaped(String name) {
    String md = MarkdownReport.md(name);
    for (int i = 0; i < md.length(); i++) {
      char c = md.charAt(i);
      if ("*[]()<>|`#".indexOf(c) >= 0) {
        assertEquals('\\', md.charAt(i - 1), "unescaped " + c + " in " + md);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 40})
  void long_labels_are_cut_with_an_ellipsis(int max) {
    String cut = Markup.cut("n".repeat(10_240), max);
    assertEquals(max, cut.length());
    assertTrue(cut.endsWith("…"));
  }
}
