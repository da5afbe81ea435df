package io.netpol.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netpol.flow.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP literal and CIDR parsing, done by hand so that nothing ever reaches DNS. */
class CidrTest {

  @ParameterizedTest(name = "{0} parses to {1}")
  @CsvSource({
    "10.0.0.1, 10.0.0.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::, 0:0:0:0:0:0:0:0",
    "::1, 0:0:0:0:0:0:0:1",
    "2001:db8::1, 2001:db8:0:0:0:0:0:1",
    "FE80::A, fe80:0:0:0:0:0:0:a",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1::, 1:0:0:0:0:0:0:0",
    "::ffff:10.0.0.1, 10.0.0.1",
  })
  void ip_literals_parse(String text, String canonical) throws UnknownHostException {
    byte[] bytes = IpAddresses.parse(text);
    assertNotNull(bytes, text);
    // Java renders the bytes without a lookup; it shows IPv4-mapped addresses as IPv4.
    assertEquals(canonical, InetAddress.getByAddress(bytes).getHostAddress());
  }

  @ParameterizedTest(name = "\"{0}\" is not an IP literal")
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.1",
        "01.2.3.4",
        "1.2.3.-4",
        " 1.2.3.4",
        "::1::",
        ":1::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8",
        "12345::",
        "g::1",
        "1.2.3.4::",
        "fe80::1%eth0",
        "example.com",
        "localhost"
      })
  void non_literals_are_refused(String text) {
    assertNull(IpAddresses.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\" is not a CIDR")
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/08",
        "10.0.0.0/-1",
        "::/129",
        "x/8"
      })
  void malformed_cidrs_are_refused(String text) {
    assertNull(Cidr.parse(text));
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.1.2.3/8, 10.9.9.9, true",
    "0.0.0.0/0, 192.0.2.1, true",
    "0.0.0.0/0, ::1, false",
    "192.0.2.7/32, 192.0.2.7, true",
    "192.0.2.7/32, 192.0.2.8, false",
    "::/0, 2001:db8::1, true",
    "::/0, 10.0.0.1, false",
    "2001:db8::/33, 2001:db8:7fff::1, true",
    "2001:db8::/33, 2001:db8:8000::1, false",
    "10.0.0.0/8, ::ffff:10.1.1.1, true",
    "::/0, ::ffff:10.1.1.1, false",
  })
  void containment_follows_the_prefix(String cidr, String address, boolean expected) {
    assertEquals(expected, Cidr.parse(cidr).contains(address));
  }

  @ParameterizedTest(name = "host bits are cleared: {0}")
  @ValueSource(strings = {"10.1.2.3/8", "10.255.0.0/8"})
  void host_bits_are_cleared(String text) {
    assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(text));
    assertEquals(text, Cidr.parse(text).toString(), "the text is kept for messages");
  }

  @ParameterizedTest(name = "10.0.0.0/8 strictly contains {0}: {1}")
  @CsvSource({
    "10.1.0.0/16, true",
    "10.255.255.255/32, true",
    "10.0.0.0/8, false",
    "11.0.0.0/16, false",
    "0.0.0.0/0, false",
    "::/0, false",
  })
  void strict_containment_needs_a_longer_prefix_inside(String inner, boolean expected) {
    assertEquals(expected, Cidr.parse("10.0.0.0/8").strictlyContains(Cidr.parse(inner)));
  }
}
