package io.netpol.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hubble flow lines of new voting-app connections (each its own source port, so each is counted),
 * for tests that feed the store while a rollout soaks.
 */
public final class VotingFlows {
  private VotingFlows() {}

  /** A verdict as Hubble writes it. */
  public enum Kind {
    ALLOWED("FORWARDED"),
    DENIED("DROPPED"),
    /** Forwarded, but an audit-mode policy would have dropped it. */
    AUDIT("AUDIT");

    final String verdict;

    Kind(String verdict) {
      this.verdict = verdict;
    }
  }

  /** One connection voting-api/api -> voting-data/postgres-0:5432 from {@code sourcePort}. */
  public static String apiToPostgres(Kind kind, int sourcePort) {
    return "{\"flow\":{\"time\":\"2026-11-21T11:00:00Z\",\"verdict\":\""
        + kind.verdict
        + "\""
        + (kind == Kind.DENIED ? ",\"drop_reason_desc\":\"POLICY_DENIED\"" : "")
        + ",\"IP\":{\"source\":\"10.244.1.31\",\"destination\":\"10.244.2.52\"},"
        + "\"l4\":{\"TCP\":{\"source_port\":"
        + sourcePort
        + ",\"destination_port\":5432,\"flags\":{\"SYN\":true}}},"
        + "\"source\":{\"identity\":5003,\"namespace\":\"voting-api\",\"pod_name\":\"api-5b8c7d9f6c-m4n8r\","
        + "\"labels\":[\"k8s:app.kubernetes.io/name=api\",\"k8s:app.kubernetes.io/part-of=voting-app\"]},"
        + "\"destination\":{\"identity\":5002,\"namespace\":\"voting-data\",\"pod_name\":\"postgres-0\","
        + "\"labels\":[\"k8s:app.kubernetes.io/name=postgresql\",\"k8s:app.kubernetes.io/part-of=voting-app\"]},"
        + "\"is_reply\":false}}\n";
  }

  /**
   * Appends {@code count} connections of {@code kind} to {@code file}, source ports from {@code
   * firstPort}; returns the next free port.
   */
  public static int append(Path file, Kind kind, int firstPort, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append(apiToPostgres(kind, firstPort + i));
    }
    try {
      Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return firstPort + count;
  }

  /**
   * A Calico flows.log record of {@code flows} connections api -> postgres that were allowed but
   * that a staged policy would deny (a pending-policy hit), starting at {@code startTime}.
   */
  static String calicoPendingDeny(long startTime, int flows) {
    return "{\"start_time\":"
        + startTime
        + ",\"end_time\":"
        + (startTime + 300)
        + ",\"source_ip\":null,\"source_name\":\"-\",\"source_name_aggr\":\"api-5b8c7d9f6c-*\","
        + "\"source_namespace\":\"voting-api\",\"source_port\":null,\"source_type\":\"wep\","
        + "\"source_labels\":{\"labels\":[\"app.kubernetes.io/name=api\"]},"
        + "\"dest_ip\":null,\"dest_name\":\"-\",\"dest_name_aggr\":\"postgres-*\","
        + "\"dest_namespace\":\"voting-data\",\"dest_port\":5432,\"dest_type\":\"wep\","
        + "\"dest_labels\":{\"labels\":[\"app.kubernetes.io/name=postgresql\"]},"
        + "\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"dst\","
        + "\"policies\":{\"all_policies\":[\"0|__PROFILE__|__PROFILE__.kns.voting-data|allow|0\"],"
        + "\"pending_policies\":[\"0|default|voting-data/staged:default-deny|deny|-1\"]},"
        + "\"num_flows\":"
        + flows
        + ",\"num_flows_started\":"
        + flows
        + ",\"num_flows_completed\":"
        + flows
        + "}\n";
  }
}
