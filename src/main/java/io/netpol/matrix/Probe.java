package io.netpol.matrix;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.Protocol;
import java.util.stream.Collectors;

/**
 * One row of the connectivity test matrix.
 *
 * @param number the row number, from 1
 * @param kind why the probe is there
 * @param client who connects
 * @param server where to
 * @param expectAllow what the policies say: {@code TRUE} allow, {@code FALSE} deny, {@code null}
 *     when NetworkPolicy cannot judge the connection
 * @param decidedBy the rules that decide it, or why it cannot be judged
 * @param observed connections observed (0 for probes of traffic never seen)
 */
public record Probe(
    int number,
    ProbeKind kind,
    Endpoint client,
    Endpoint server,
    int port,
    Protocol protocol,
    Boolean expectAllow,
    String decidedBy,
    long observed) {

  /** DNS over UDP is probed with nslookup; other UDP cannot be probed reliably. */
  public static final int DNS_PORT = 53;

  /** Why the probe cannot run from a pod with kubectl exec, or {@code null} when it can. */
  public String notRunnable() {
    if (expectAllow == null) {
      return "NetworkPolicy cannot judge it: " + decidedBy;
    }
    if (client.kind() != EndpointKind.POD) {
      return "the client is not a pod (" + client.display() + "): probes run in a client pod";
    }
    if (client.labels().isEmpty()) {
      return "no labels of " + client.display() + " are known to find its pods";
    }
    if (server.kind() == EndpointKind.POD) {
      if (server.labels().isEmpty()) {
        return "no labels of " + server.display() + " are known to find its pods";
      }
    } else if (server.ip() == null) {
      return "the server " + server.display() + " has no known address";
    }
    if (protocol == Protocol.UDP && port != DNS_PORT) {
      return "UDP other than DNS (port 53) cannot be probed reliably";
    }
    if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
      return protocol + " cannot be probed with nc";
    }
    return null;
  }

  /** True for a DNS lookup probe (nslookup), false for a TCP connect (nc). */
  public boolean dns() {
    return protocol == Protocol.UDP && port == DNS_PORT;
  }

  /** A kubectl label selector for the pods of a pod endpoint: its stable labels. */
  public static String selector(Endpoint pod) {
    return pod.labels().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** How the row is read: {@code voting-api/api -> voting-data/postgres 5432/TCP}. */
  public String describe() {
    return client.display() + " -> " + server.display() + " " + port + "/" + protocol;
  }

  /** The probe as a person would type it, with placeholders for pod name and address. */
  public String command() {
    if (notRunnable() != null) {
      return null;
    }
    String target =
        server.kind() == EndpointKind.POD ? "<" + server.display() + " pod IP>" : server.ip();
    String exec = "kubectl exec -n " + client.namespace() + " <" + client.workload() + " pod> -- ";
    return dns()
        ? exec + "nslookup kubernetes.default.svc.cluster.local " + target
        : exec + "nc -zvw3 " + target + " " + port;
  }
}
