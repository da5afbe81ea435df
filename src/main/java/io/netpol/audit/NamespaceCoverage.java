package io.netpol.audit;

import io.netpol.policy.PolicyRef;
import java.util.List;

/**
 * How far the policies of one namespace reach.
 *
 * @param namespace the namespace
 * @param policies how many NetworkPolicies it has
 * @param workloads the workloads known in it (observed, or live pods with --cluster)
 * @param notIsolatedIngress workloads no policy selects for ingress: anyone may connect to them
 * @param notIsolatedEgress workloads no policy selects for egress: they may connect anywhere
 * @param defaultDenyIngress policies selecting every pod for ingress without any ingress rule
 * @param defaultDenyEgress policies selecting every pod for egress without any egress rule
 * @param withoutDnsEgress egress-isolated workloads whose DNS lookups (UDP 53) are denied
 */
public record NamespaceCoverage(
    String namespace,
    int policies,
    List<String> workloads,
    List<String> notIsolatedIngress,
    List<String> notIsolatedEgress,
    List<PolicyRef> defaultDenyIngress,
    List<PolicyRef> defaultDenyEgress,
    List<String> withoutDnsEgress) {

  public NamespaceCoverage {
    workloads = List.copyOf(workloads);
    notIsolatedIngress = List.copyOf(notIsolatedIngress);
    notIsolatedEgress = List.copyOf(notIsolatedEgress);
    defaultDenyIngress = List.copyOf(defaultDenyIngress);
    defaultDenyEgress = List.copyOf(defaultDenyEgress);
    withoutDnsEgress = List.copyOf(withoutDnsEgress);
  }

  public int isolatedIngress() {
    return workloads.size() - notIsolatedIngress.size();
  }

  public int isolatedEgress() {
    return workloads.size() - notIsolatedEgress.size();
  }

  /** Egress-isolated workloads that can resolve names. */
  public int withDnsEgress() {
    return isolatedEgress() - withoutDnsEgress.size();
  }
}
