package io.netpol.policy;

import static io.netpol.policy.Fixtures.np;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid policies are rejected with the policy, the field path and the problem. */
class PolicyCompilerTest {

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of(
            """
            podSelector: {}
            ingress:
            - from:
              - podSelector: {}
              - ipBlock: {cidr: 10.0.0.0/33}""",
            "spec.ingress[0].from[1].ipBlock.cidr \"10.0.0.0/33\" is not a valid CIDR"),
        Arguments.of(
            "ingress:\n- from: [{ipBlock: {cidr: 10.0.0/8}}]",
            "spec.ingress[0].from[0].ipBlock.cidr \"10.0.0/8\" is not a valid CIDR"),
        Arguments.of(
            "ingress:\n- from: [{ipBlock: {cidr: 10.0.0.1}}]",
            "spec.ingress[0].from[0].ipBlock.cidr \"10.0.0.1\" is not a valid CIDR"),
        Arguments.of(
            "ingress:\n- from: [{ipBlock: {cidr: example.com/24}}]",
            "spec.ingress[0].from[0].ipBlock.cidr \"example.com/24\" is not a valid CIDR"),
        Arguments.of(
            "egress:\n- to: [{ipBlock: {cidr: '2001:db8:::/32'}}]",
            "spec.egress[0].to[0].ipBlock.cidr \"2001:db8:::/32\" is not a valid CIDR"),
        Arguments.of(
            "ingress:\n- from: [{ipBlock: {except: [10.0.0.0/16]}}]",
            "spec.ingress[0].from[0].ipBlock.cidr is required"),
        Arguments.of(
            "egress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/24]}}]",
            "spec.egress[0].to[0].ipBlock.except[0] \"192.168.0.0/24\" is not strictly inside cidr \"10.0.0.0/8\""),
        Arguments.of(
            "egress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]",
            "spec.egress[0].to[0].ipBlock.except[0] \"10.0.0.0/8\" is not strictly inside cidr \"10.0.0.0/8\""),
        Arguments.of(
            "podSelector: {matchExpressions: [{key: app, operator: Equals, values: [db]}]}",
            "spec.podSelector.matchExpressions[0].operator \"Equals\" is not one of In, NotIn, Exists, DoesNotExist"),
        Arguments.of(
            "ingress:\n- from: [{podSelector: {matchExpressions: [{key: app, operator: In}]}}]",
            "spec.ingress[0].from[0].podSelector.matchExpressions[0].values must be non-empty when operator is In"),
        Arguments.of(
            "ingress:\n- from: [{namespaceSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}}]",
            "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values must be empty when operator is Exists"),
        Arguments.of(
            "podSelector: {matchExpressions: [{operator: Exists}]}",
            "spec.podSelector.matchExpressions[0].key is required"),
        Arguments.of(
            "ingress:\n- ports: [{port: http, endPort: 8090}]",
            "spec.ingress[0].ports[0].endPort requires a numeric port, but port is \"http\""),
        Arguments.of(
            "ingress:\n- ports: [{endPort: 8090}]",
            "spec.ingress[0].ports[0].endPort requires a numeric port, but port is absent"),
        Arguments.of(
            "ingress:\n- ports: [{port: 80, endPort: 79}]",
            "spec.ingress[0].ports[0].endPort 79 must not be less than port 80"),
        Arguments.of(
            "ingress:\n- ports: [{port: 80, endPort: 70000}]",
            "spec.ingress[0].ports[0].endPort 70000 is outside 1..65535"),
        Arguments.of(
            "egress:\n- ports: [{port: 53, protocol: ICMP}]",
            "spec.egress[0].ports[0].protocol \"ICMP\" is not one of TCP, UDP, SCTP"),
        Arguments.of(
            "egress:\n- ports: [{port: 53, protocol: udp}]",
            "spec.egress[0].ports[0].protocol \"udp\" is not one of TCP, UDP, SCTP"),
        Arguments.of(
            "ingress:\n- ports: [{port: 0}]",
            "spec.ingress[0].ports[0].port 0 is outside 1..65535"),
        Arguments.of(
            "ingress:\n- ports: [{port: '80'}]",
            "spec.ingress[0].ports[0].port \"80\" is not a valid port name"),
        Arguments.of(
            "ingress:\n- ports: [{port: Http}]",
            "spec.ingress[0].ports[0].port \"Http\" is not a valid port name"),
        Arguments.of(
            "policyTypes: [Ingress, Both]",
            "spec.policyTypes[1] \"Both\" is not one of Ingress, Egress"),
        Arguments.of(
            "ingress:\n- from: [{}]",
            "spec.ingress[0].from[0] must specify podSelector, namespaceSelector or ipBlock"),
        Arguments.of(
            "egress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]",
            "spec.egress[0].to[0] may not combine ipBlock with podSelector or namespaceSelector"));
  }

  @ParameterizedTest(name = "rejects: {1}")
  @MethodSource("invalidSpecs")
  void invalid_policies_name_policy_field_and_problem(String spec, String problem) {
    NetworkPolicy policy = np("voting-data", "allow-db", spec);
    PolicyException e = assertThrows(PolicyException.class, () -> CompiledPolicy.compile(policy));
    assertEquals("voting-data/allow-db: " + problem, e.getMessage());
    assertEquals("voting-data/allow-db", e.policy());
  }

  @Test
  void the_exception_splits_policy_field_and_problem() {
    PolicyException e =
        assertThrows(
            PolicyException.class,
            () ->
                CompiledPolicy.compile(
                    np("shop", "p", "ingress:\n- ports: [{port: 80, endPort: 79}]")));
    assertEquals("shop/p", e.policy());
    assertEquals("spec.ingress[0].ports[0].endPort", e.field());
    assertEquals("79 must not be less than port 80", e.problem());
  }

  @Test
  void a_policy_without_namespace_is_rejected() {
    NetworkPolicy policy =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("allow-db")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    PolicyException e = assertThrows(PolicyException.class, () -> CompiledPolicy.compile(policy));
    assertEquals("allow-db: metadata.namespace is required", e.getMessage());
  }

  @Test
  void a_policy_without_spec_is_rejected() {
    NetworkPolicy policy =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("shop")
            .endMetadata()
            .build();
    PolicyException e = assertThrows(PolicyException.class, () -> CompiledPolicy.compile(policy));
    assertEquals("shop/p: spec is required", e.getMessage());
  }

  @Test
  void the_same_namespace_and_name_twice_is_rejected() {
    NetworkPolicy first = np("shop", "p", "podSelector: {}");
    NetworkPolicy second = np("shop", "p", "podSelector: {matchLabels: {app: db}}");
    PolicyException e =
        assertThrows(PolicyException.class, () -> PolicySet.of(List.of(first, second)));
    assertEquals("shop/p: metadata.name is defined more than once", e.getMessage());
  }

  @Test
  void builder_and_yaml_policies_compile_alike() {
    NetworkPolicy built =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("allow-web")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .addToMatchLabels("app", "db")
            .endPodSelector()
            .addNewIngress()
            .addNewFrom()
            .withNewPodSelector()
            .addToMatchLabels("app", "web")
            .endPodSelector()
            .endFrom()
            .addNewPort()
            .withNewPort(5432)
            .endPort()
            .endIngress()
            .endSpec()
            .build();
    NetworkPolicy parsed =
        np(
            "shop",
            "allow-web",
            """
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 5432}]""");
    CompiledPolicy fromBuilder = CompiledPolicy.compile(built);
    assertEquals(CompiledPolicy.compile(parsed), fromBuilder);
    assertEquals(Set.of(Direction.INGRESS), fromBuilder.policyTypes());
    assertEquals(
        new PortMatcher("spec.ingress[0].ports[0]", PortProtocol.TCP, 5432, null, null),
        fromBuilder.ingress().get(0).ports().get(0));
  }
}
