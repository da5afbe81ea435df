package io.netpol.ingest;

import io.netpol.flow.DnsNames;
import io.netpol.flow.IpAddresses;
import io.netpol.text.DisplayText;
import java.util.List;

/**
 * Checks on the fields of a flow record that end up printed, stored and written into policies: an
 * address must be an IP literal and a DNS name a name. A record where one is not is malformed: it
 * is skipped and reported with its location and the field, like any other malformed record.
 */
final class FlowFields {
  static final String NOT_AN_IP = "%s %s is not an IP address";
  static final String NOT_A_NAME = "%s %s is not a DNS name";

  private FlowFields() {}

  /** {@code value} (may be null) when it is an IP address. */
  static String ip(String value, String field) {
    if (value != null && IpAddresses.parse(value) == null) {
      throw new MalformedRecordException(
          String.format(NOT_AN_IP, field, DisplayText.quoted(value)));
    }
    return value;
  }

  /** {@code names} (may be null) when each is a DNS name. */
  static List<String> dnsNames(List<String> names, String field) {
    if (names != null) {
      for (String n : names) {
        if (!DnsNames.isValid(n)) {
          throw new MalformedRecordException(
              String.format(NOT_A_NAME, field, DisplayText.quoted(n)));
        }
      }
    }
    return names;
  }
}
