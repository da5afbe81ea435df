package io.netpol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisplayTextTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("voting-api/api", "voting-api/api", "plain text is unchanged"),
        Arguments.of("a\u001b[2Jb", "a\\u001b[2Jb", "an escape sequence becomes text"),
        Arguments.of("t\u001b]0;pwned\u0007", "t\\u001b]0;pwned\\u0007", "an OSC and its BEL"),
        Arguments.of("a\nb\tc\rd", "a\\u000ab\\u0009c\\u000dd", "no control can break a line"),
        Arguments.of("x\u009b31my", "x\\u009b31my", "a C1 control sequence introducer"),
        Arguments.of("x\u007fy", "x\\u007fy", "DEL"),
        Arguments.of("abc\u202edef", "abc\\u202edef", "a right-to-left override"),
        Arguments.of("a\u200bb", "a\\u200bb", "a zero-width space"),
        Arguments.of("café ✓", "café ✓", "printable non-ASCII stays"),
        Arguments.of(
            "a\\u001bb", "a\\u001bb", "a backslash stays: escaping twice changes nothing"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("values")
  void escapes_what_a_terminal_would_act_on_or_hide(String value, String shown, String why) {
    assertEquals(shown, DisplayText.escape(value), why);
    assertEquals(shown, DisplayText.escape(DisplayText.escape(value)), "idempotent: " + why);
  }

  static Stream<Arguments> spans() {
    return Stream.of(
        Arguments.of("plain", "`plain`"),
        Arguments.of("@team [x](https://e) **bold**", "`@team [x](https://e) **bold**`"),
        Arguments.of("a`b", "``a`b``"),
        Arguments.of("`tick", "`` `tick ``"),
        Arguments.of("a``b`", "``` a``b` ```"),
        Arguments.of("x\nline", "`x\\u000aline`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spans")
  void markdown_code_spans_cannot_be_closed_or_broken_by_the_value(String value, String code) {
    assertEquals(code, MarkdownText.code(value));
  }

  @Test
  void a_quoted_value_is_escaped_and_cut_when_long() {
    assertEquals("\"bad\\u001btime\"", DisplayText.quoted("bad\u001btime"));
    assertEquals(
        "\"" + "x".repeat(DisplayText.SHOWN) + "\"... (100 characters)",
        DisplayText.quoted("x".repeat(100)));
  }
}
