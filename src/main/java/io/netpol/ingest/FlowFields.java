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
    String problem = ipProblem(value, field);
    if (problem != null) {
      throw new MalformedRecordException(problem);
    }
    return value;
  }

  /** {@code names} (may be null) when each is a DNS name. */
  static List<String> dnsNames(List<String> names, String field) {
    String problem = namesProblem(names, field);
    if (problem != null) {
      throw new MalformedRecordException(problem);
    }
    return names;
  }

  /**
   * What is wrong with a Hubble flow's addresses and DNS names (the first of them, in the order
   * source address, destination address, source names, destination names), or null.
   */
  static String problem(RawFlow flow) {
    String problem = ipProblem(flow.srcIp, "IP.source");
    if (problem == null) {
      problem = ipProblem(flow.dstIp, "IP.destination");
    }
    if (problem == null) {
      problem = namesProblem(flow.sourceNames, "source_names");
    }
    if (problem == null) {
      problem = namesProblem(flow.destinationNames, "destination_names");
    }
    return problem;
  }

  private static String ipProblem(String value, String field) {
    if (value != null && IpAddresses.parse(value) == null) {
      return String.format(NOT_AN_IP, field, DisplayText.quoted(value));
    }
    return null;
  }

  private static String namesProblem(List<String> names, String field) {
    if (names != null) {
      for (String n : names) {
        if (!DnsNames.isValid(n)) {
          return String.format(NOT_A_NAME, field, DisplayText.quoted(n));
        }
      }
    }
    return null;
  }
}
