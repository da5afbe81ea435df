package io.netpol.audit;

import io.netpol.policy.CompiledPolicy;
import io.netpol.policy.Connection;
import io.netpol.policy.Direction;
import io.netpol.policy.Evaluator;
import io.netpol.policy.PodPeer;
import io.netpol.policy.PolicyRef;
import io.netpol.policy.PolicySet;
import io.netpol.policy.PortProtocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Computes per namespace which workloads the policies isolate, whether a default deny exists per
 * direction, and whether egress-isolated workloads can still reach DNS. Pure.
 */
public final class Coverage {
  /** The DNS pods assumed when no DNS traffic was observed: kube-dns / CoreDNS's usual label. */
  public static final PodPeer DEFAULT_DNS =
      PodPeer.of("kube-system", Map.of("k8s-app", "kube-dns"));

  static final int DNS_PORT = 53;

  private Coverage() {}

  /**
   * @param policies the policies in force
   * @param namespaces the namespaces to describe, in order
   * @param workloads the workloads known (any namespace; those outside {@code namespaces} are
   *     ignored)
   * @param dnsServers the DNS pods workloads resolve names with; {@link #DEFAULT_DNS} when empty
   */
  public static List<NamespaceCoverage> of(
      PolicySet policies,
      Collection<String> namespaces,
      Collection<Workload> workloads,
      Collection<PodPeer> dnsServers) {
    List<PodPeer> dns = dnsServers.isEmpty() ? List.of(DEFAULT_DNS) : List.copyOf(dnsServers);
    List<NamespaceCoverage> out = new ArrayList<>();
    for (String ns : namespaces) {
      SortedSet<String> names = new TreeSet<>();
      List<String> openIngress = new ArrayList<>();
      List<String> openEgress = new ArrayList<>();
      List<String> noDns = new ArrayList<>();
      for (Workload w : sorted(workloads, ns)) {
        if (!names.add(w.name())) {
          continue;
        }
        if (!isolated(policies, w.pod(), Direction.INGRESS)) {
          openIngress.add(w.name());
        }
        if (!isolated(policies, w.pod(), Direction.EGRESS)) {
          openEgress.add(w.name());
        } else if (!resolvesNames(policies, w.pod(), dns)) {
          noDns.add(w.name());
        }
      }
      List<CompiledPolicy> here = policies.inNamespace(ns);
      out.add(
          new NamespaceCoverage(
              ns,
              here.size(),
              List.copyOf(names),
              openIngress,
              openEgress,
              defaultDenies(here, Direction.INGRESS),
              defaultDenies(here, Direction.EGRESS),
              noDns));
    }
    return out;
  }

  private static List<Workload> sorted(Collection<Workload> workloads, String ns) {
    return workloads.stream()
        .filter(w -> w.namespace().equals(ns))
        .sorted(java.util.Comparator.comparing(Workload::name))
        .toList();
  }

  /** True when some policy of the pod's namespace selects it for {@code direction}. */
  public static boolean isolated(PolicySet policies, PodPeer pod, Direction direction) {
    return policies.inNamespace(pod.namespace()).stream()
        .anyMatch(p -> p.isolates(direction) && p.selects(pod));
  }

  /** True when egress at {@code pod} allows UDP 53 to at least one of the DNS pods. */
  public static boolean resolvesNames(PolicySet policies, PodPeer pod, List<PodPeer> dns) {
    for (PodPeer server : dns) {
      Connection lookup = new Connection(pod, server, DNS_PORT, PortProtocol.UDP);
      if (Evaluator.evaluate(policies, lookup).egress().allowed()) {
        return true;
      }
    }
    return false;
  }

  /** Policies that select every pod for {@code direction} and allow nothing in it. */
  static List<PolicyRef> defaultDenies(List<CompiledPolicy> policies, Direction direction) {
    return policies.stream()
        .filter(
            p ->
                p.podSelector().matchesEverything()
                    && p.isolates(direction)
                    && p.rules(direction).isEmpty())
        .map(CompiledPolicy::ref)
        .toList();
  }
}
