package io.netpol.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsNamesTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "api.example.com|true",
        "api.example.com.|true",
        "*.example.com|true",
        "_http._tcp.example.com|true",
        "xn--bcher-kva.example|true",
        "localhost|true",
        "a..b|false",
        "-a.example|false",
        "a-.example|false",
        "exa mple.com|false",
        "ex/ample.com|false",
        "*|false",
        ".|false",
      })
  void names_are_rfc_1123_host_names_with_underscores_and_wildcards(String name, boolean valid) {
    assertEquals(valid, DnsNames.isValid(name));
  }

  @Test
  void an_escape_sequence_is_not_a_name() {
    assertEquals(false, DnsNames.isValid("example.com\u001b[31m"));
  }

  @Test
  void names_and_labels_have_their_lengths() {
    assertEquals(true, DnsNames.isValid("a".repeat(63) + ".com"));
    assertEquals(false, DnsNames.isValid("a".repeat(64) + ".com"));
    String long253 = ("a".repeat(49) + ".").repeat(5) + "abc";
    assertEquals(253, long253.length());
    assertEquals(true, DnsNames.isValid(long253));
    assertEquals(false, DnsNames.isValid(long253 + "d"));
  }
}
