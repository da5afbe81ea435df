package io.netpol.matrix;

import io.netpol.audit.DecidedBy;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.Evaluator;
import io.netpol.policy.PolicySet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The connectivity test matrix: every observed allowed connection (it must keep working), every
 * observed denied attempt, pairs of workloads in different namespaces or tiers that never talked on
 * a port the server serves (they should fail), and one internet probe per workload; each with the
 * verdict of the policies and the rules deciding it. Pure.
 *
 * @param probes the rows, numbered from 1
 * @param neverSeenLeftOut never-seen pairs beyond the limit, not in {@code probes}
 */
public record ConnectivityMatrix(List<Probe> probes, int neverSeenLeftOut) {

  /** Labels naming a workload's tier: same namespace, different tier still gets probes. */
  static final List<String> TIER_LABELS = List.of("tier", "app.kubernetes.io/component");

  /**
   * @param world the internet address and port each workload probes, e.g. 1.1.1.1:443
   * @param maxNeverSeen at most this many never-seen pairs
   */
  public static ConnectivityMatrix of(
      List<ObservedConnection> connections,
      PolicySet policies,
      ConnectionMapping mapping,
      Endpoint world,
      int worldPort,
      int maxNeverSeen) {
    List<Draft> drafts = new ArrayList<>();
    for (ObservedConnection c : connections) {
      if (c.verdict() != Verdict.DENIED) {
        drafts.add(new Draft(ProbeKind.OBSERVED, c));
      }
    }
    for (ObservedConnection c : connections) {
      if (c.verdict() == Verdict.DENIED) {
        drafts.add(new Draft(ProbeKind.DENIED_ATTEMPT, c));
      }
    }
    int[] leftOut = {0};
    drafts.addAll(neverSeen(connections, maxNeverSeen, leftOut));
    for (Endpoint pod : pods(connections).values()) {
      drafts.add(
          new Draft(
              ProbeKind.WORLD,
              new ObservedConnection(
                  pod, world, worldPort, Protocol.TCP, Verdict.ALLOWED, 0, 0, 0)));
    }
    List<Probe> probes = new ArrayList<>();
    for (Draft d : drafts) {
      probes.add(probe(probes.size() + 1, d, policies, mapping));
    }
    return new ConnectivityMatrix(probes, leftOut[0]);
  }

  private record Draft(ProbeKind kind, ObservedConnection connection) {}

  private static Probe probe(int number, Draft d, PolicySet policies, ConnectionMapping mapping) {
    ObservedConnection c = d.connection();
    ConnectionMapping.Mapped m = mapping.map(c);
    Boolean allow;
    String why;
    if (m.outcome() == ConnectionMapping.Outcome.ALWAYS_ALLOWED) {
      allow = Boolean.TRUE;
      why = m.reason();
    } else if (!m.evaluable()) {
      allow = null;
      why = m.reason();
    } else {
      io.netpol.policy.Evaluation v = Evaluator.evaluate(policies, m.connection());
      allow = v.allowed();
      why = DecidedBy.of(v);
    }
    return new Probe(
        number, d.kind(), c.client(), c.server(), c.port(), c.protocol(), allow, why, c.count());
  }

  /** Every pod endpoint in the connections, by key (the latest label set wins). */
  private static Map<String, Endpoint> pods(List<ObservedConnection> connections) {
    Map<String, Endpoint> out = new TreeMap<>();
    for (ObservedConnection c : connections) {
      for (Endpoint e : List.of(c.client(), c.server())) {
        if (e.kind() == EndpointKind.POD) {
          out.put(e.key(), e);
        }
      }
    }
    return out;
  }

  /** At most {@code max} pairs, counting the rest in {@code leftOut[0]} without building them. */
  private static List<Draft> neverSeen(
      List<ObservedConnection> connections, int max, int[] leftOut) {
    Map<String, Endpoint> pods = pods(connections);
    Map<String, SortedSet<String>> served = new TreeMap<>();
    Set<String> talked = new HashSet<>();
    for (ObservedConnection c : connections) {
      String port = c.port() + "/" + c.protocol();
      talked.add(c.client().key() + " " + c.server().key() + " " + port);
      if (c.server().kind() == EndpointKind.POD && c.verdict() != Verdict.DENIED) {
        served.computeIfAbsent(c.server().key(), k -> new TreeSet<>(PORT_ORDER)).add(port);
      }
    }
    List<Draft> out = new ArrayList<>();
    served.forEach(
        (serverKey, ports) -> {
          Endpoint server = pods.get(serverKey);
          for (Endpoint client : pods.values()) {
            if (client.key().equals(serverKey) || !apart(client, server)) {
              continue;
            }
            for (String port : ports) {
              if (talked.contains(client.key() + " " + serverKey + " " + port)) {
                continue;
              }
              if (out.size() >= max) {
                leftOut[0]++;
              } else {
                int slash = port.indexOf('/');
                out.add(
                    new Draft(
                        ProbeKind.NEVER_SEEN,
                        new ObservedConnection(
                            client,
                            server,
                            Integer.parseInt(port.substring(0, slash)),
                            Protocol.valueOf(port.substring(slash + 1)),
                            Verdict.ALLOWED,
                            0,
                            0,
                            0)));
              }
            }
          }
        });
    return out;
  }

  private static final java.util.Comparator<String> PORT_ORDER =
      java.util.Comparator.comparingInt(
              (String p) -> Integer.parseInt(p.substring(0, p.indexOf('/'))))
          .thenComparing(p -> p);

  /** Different namespaces, or the same namespace with different tier labels. */
  static boolean apart(Endpoint a, Endpoint b) {
    if (!Objects.equals(a.namespace(), b.namespace())) {
      return true;
    }
    for (String label : TIER_LABELS) {
      String ta = a.labels().get(label);
      String tb = b.labels().get(label);
      if (ta != null && tb != null && !ta.equals(tb)) {
        return true;
      }
    }
    return false;
  }
}
