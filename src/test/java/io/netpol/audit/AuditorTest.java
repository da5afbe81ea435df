package io.netpol.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.policy.ConnectionMapping;
import io.netpol.policy.PodPeer;
import io.netpol.policy.PolicySet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditorTest {
  private static final KubernetesSerialization K8S = new KubernetesSerialization();
  private static final Workload WEB =
      new Workload("shop", "web", PodPeer.of("shop", Map.of("app", "web")));

  /** One ingress policy for app=web with the given rule (YAML flow style). */
  private static NetworkPolicy webIngress(String rule) {
    return K8S.unmarshal(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            + "metadata: {name: web, namespace: shop}\n"
            + "spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress],"
            + " ingress: ["
            + rule
            + "]}\n",
        NetworkPolicy.class);
  }

  private static List<String> checks(NetworkPolicy policy, List<ObservedConnection> seen) {
    AuditResult r =
        Auditor.audit(
            new AuditInput(
                PolicySet.of(List.of(policy)),
                List.of("shop"),
                List.of(WEB),
                seen,
                ConnectionMapping.of(Map.of()),
                List.of(),
                List.of()));
    return r.findings().stream()
        .filter(f -> f.subject().startsWith("shop/web spec"))
        .map(f -> f.check().code())
        .toList();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "{};allows-everything",
        "{ports: [{port: 80}]};open-to-any-peer",
        "{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 80}]};open-to-world",
        "{from: [{ipBlock: {cidr: '::/0'}}], ports: [{port: 80}]};open-to-world",
        "{from: [{namespaceSelector: {}}], ports: [{port: 80}]};open-to-all-namespaces",
        "{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}]};open-to-all-namespaces",
        "{from: [{podSelector: {}}], ports: [{port: 80}]};open-to-whole-namespace",
        "{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}]};",
        "{from: [{namespaceSelector: {matchLabels: {team: a}}}], ports: [{port: 80}]};",
      })
  void broad_rules_are_named_by_what_they_open(String rule, String expected) {
    Endpoint client = Endpoint.pod("shop", "client", Map.of("app", "client"));
    Endpoint web = Endpoint.pod("shop", "web", Map.of("app", "web"));
    // Every rule is used by this connection, so only breadth is reported.
    ObservedConnection used =
        new ObservedConnection(client, web, 80, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
    List<String> found =
        checks(webIngress(rule), List.of(used)).stream()
            .filter(c -> !c.equals("unused-rule"))
            .toList();
    assertEquals(expected == null ? List.of() : List.of(expected), found, rule);
  }

  @ParameterizedTest(name = "port {0} used: {1}")
  @CsvSource({"80,false", "81,true"})
  void a_rule_no_observed_connection_used_is_reported_unused(int port, boolean unused) {
    Endpoint client = Endpoint.pod("shop", "client", Map.of("app", "client"));
    Endpoint web = Endpoint.pod("shop", "web", Map.of("app", "web"));
    ObservedConnection seen =
        new ObservedConnection(client, web, port, Protocol.TCP, Verdict.ALLOWED, 1, 1, 2);
    List<String> found =
        checks(
            webIngress(
                "{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 80}]}"),
            List.of(seen));
    assertEquals(unused ? List.of("unused-rule") : List.of(), found);
  }
}
