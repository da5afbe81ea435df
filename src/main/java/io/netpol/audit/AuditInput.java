package io.netpol.audit;

import io.netpol.flow.ObservedConnection;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PodPeer;
import io.netpol.policy.PolicySet;
import java.util.List;

/**
 * What an audit looks at.
 *
 * @param policies the policies in force (files or the cluster)
 * @param namespaces the namespaces audited, in order
 * @param workloads the workloads known: observed, plus live pods when read from a cluster
 * @param connections the stored connections touching the namespaces
 * @param mapping turns stored connections into evaluator connections
 * @param dnsServers the DNS pods (observed DNS servers), empty for the usual kube-dns label
 * @param changes the rollout history, oldest first
 */
public record AuditInput(
    PolicySet policies,
    List<String> namespaces,
    List<Workload> workloads,
    List<ObservedConnection> connections,
    ConnectionMapping mapping,
    List<PodPeer> dnsServers,
    List<PolicyChange> changes) {

  public AuditInput {
    namespaces = List.copyOf(namespaces);
    workloads = List.copyOf(workloads);
    connections = List.copyOf(connections);
    dnsServers = List.copyOf(dnsServers);
    changes = List.copyOf(changes);
  }
}
