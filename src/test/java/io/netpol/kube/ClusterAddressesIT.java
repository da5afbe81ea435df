package io.netpol.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.netpol.recommend.ClusterFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading addresses from the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ClusterAddressesIT {
  static KubernetesClient client;

  @Test
  void reads_node_addresses_ready_api_server_endpoints_and_calico_network_sets() {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .endMetadata()
                .withNewSpec()
                .withPodCIDRs("10.244.0.0/24", "fd00:10:244::/64")
                .endSpec()
                .withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("172.18.0.11")
                .endAddress()
                .addNewAddress()
                .withType("Hostname")
                .withAddress("node-a")
                .endAddress()
                .addNewAddress()
                .withType("ExternalIP")
                .withAddress("203.0.113.11")
                .endAddress()
                .endStatus()
                .build())
        .create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("default")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("kubernetes")
                .addToLabels(ClusterAddresses.SERVICE_NAME, "kubernetes")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("172.18.0.2")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewEndpoint()
                .withAddresses("172.18.0.9")
                .withNewConditions()
                .withReady(false)
                .endConditions()
                .endEndpoint()
                .addNewPort()
                .withName("https")
                .withPort(6443)
                .endPort()
                .build())
        .create();
    // No Calico API server here: the sets are crd.projectcalico.org/v1 custom resources.
    client
        .genericKubernetesResources(context("NetworkSet", true))
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("crd.projectcalico.org/v1")
                .withKind("NetworkSet")
                .withNewMetadata()
                .withName("partners")
                .withNamespace("shop")
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("nets", List.of("192.0.2.0/24"))))
                .build())
        .create();

    ClusterFacts facts = new ClusterAddresses(client).read();
    assertEquals(
        List.of(
            new ClusterFacts.Node(
                "node-a",
                List.of("172.18.0.11", "203.0.113.11"),
                List.of("10.244.0.0/24", "fd00:10:244::/64"))),
        facts.nodes());
    assertEquals(
        List.of(new ClusterFacts.ApiServerEndpoint("172.18.0.2", 6443)), facts.apiServer());
    assertEquals(
        List.of(new ClusterFacts.NetworkSet("shop", "partners", List.of("192.0.2.0/24"))),
        facts.networkSets());
  }

  private static ResourceDefinitionContext context(String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("crd.projectcalico.org")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(kind.toLowerCase() + "s")
        .withNamespaced(namespaced)
        .build();
  }
}
