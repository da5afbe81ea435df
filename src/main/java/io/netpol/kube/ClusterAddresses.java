package io.netpol.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netpol.recommend.ClusterFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what flow logs may hide from the cluster: node addresses ({@code status.addresses}, pod
 * ranges), the API server's endpoints (the EndpointSlices of {@code default/kubernetes}) and Calico
 * NetworkSets and GlobalNetworkSets (projectcalico.org/v3 through the Calico API server, else the
 * crd.projectcalico.org/v1 custom resources). Network sets are optional: a cluster without Calico,
 * or a user without the right to read them, gets a note instead of a failure.
 */
public final class ClusterAddresses {

  /** The EndpointSlice label naming the Service it belongs to. */
  static final String SERVICE_NAME = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final List<String> notes = new ArrayList<>();

  public ClusterAddresses(KubernetesClient client) {
    this.client = client;
  }

  /** Everything at once; nodes and the API server must be readable. */
  public ClusterFacts read() {
    return new ClusterFacts(nodes(), apiServer(), networkSets());
  }

  /** What could not be read but did not stop the run (network sets). */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  List<ClusterFacts.Node> nodes() {
    return call(
        "list nodes",
        () -> {
          List<ClusterFacts.Node> out = new ArrayList<>();
          for (Node n : client.nodes().list().getItems()) {
            List<String> addresses = new ArrayList<>();
            if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
              for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) {
                  addresses.add(a.getAddress());
                }
              }
            }
            List<String> podCidrs = new ArrayList<>();
            if (n.getSpec() != null) {
              if (n.getSpec().getPodCIDRs() != null && !n.getSpec().getPodCIDRs().isEmpty()) {
                podCidrs.addAll(n.getSpec().getPodCIDRs());
              } else if (n.getSpec().getPodCIDR() != null) {
                podCidrs.add(n.getSpec().getPodCIDR());
              }
            }
            out.add(new ClusterFacts.Node(n.getMetadata().getName(), addresses, podCidrs));
          }
          return out;
        });
  }

  List<ClusterFacts.ApiServerEndpoint> apiServer() {
    return call(
        "list the EndpointSlices of default/kubernetes",
        () -> {
          List<ClusterFacts.ApiServerEndpoint> out = new ArrayList<>();
          for (EndpointSlice s :
              client
                  .discovery()
                  .v1()
                  .endpointSlices()
                  .inNamespace("default")
                  .withLabel(SERVICE_NAME, "kubernetes")
                  .list()
                  .getItems()) {
            List<Integer> ports = new ArrayList<>();
            for (EndpointPort p : s.getPorts()) {
              if (p.getPort() != null) {
                ports.add(p.getPort());
              }
            }
            for (Endpoint e : s.getEndpoints()) {
              if (e.getConditions() != null && Boolean.FALSE.equals(e.getConditions().getReady())) {
                continue;
              }
              for (String address : e.getAddresses()) {
                ports.forEach(p -> out.add(new ClusterFacts.ApiServerEndpoint(address, p)));
              }
            }
          }
          return out;
        });
  }

  List<ClusterFacts.NetworkSet> networkSets() {
    for (String[] api :
        new String[][] {{"projectcalico.org", "v3"}, {"crd.projectcalico.org", "v1"}}) {
      try {
        List<ClusterFacts.NetworkSet> out = new ArrayList<>();
        for (GenericKubernetesResource r :
            client
                .genericKubernetesResources(context(api, "GlobalNetworkSet", false))
                .list()
                .getItems()) {
          out.add(set(null, r));
        }
        for (GenericKubernetesResource r :
            client
                .genericKubernetesResources(context(api, "NetworkSet", true))
                .inAnyNamespace()
                .list()
                .getItems()) {
          out.add(set(r.getMetadata().getNamespace(), r));
        }
        if (!out.isEmpty()) {
          return out;
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue; // No Calico API server: the custom resources are read next.
        }
        notes.add(
            "Calico network sets not read ("
                + ClusterReader.reason(e, String.valueOf(client.getMasterUrl()))
                + "); network-set peers stay broad unless --peer-cidr names them");
        return List.of();
      }
    }
    return List.of();
  }

  private static ResourceDefinitionContext context(String[] api, String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(api[0])
        .withVersion(api[1])
        .withKind(kind)
        .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
        .withNamespaced(namespaced)
        .build();
  }

  private static ClusterFacts.NetworkSet set(String namespace, GenericKubernetesResource r) {
    List<String> nets = new ArrayList<>();
    Object spec = r.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> m && m.get("nets") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s) {
          nets.add(s);
        }
      }
    }
    return new ClusterFacts.NetworkSet(
        namespace, r.getMetadata().getName(), nets, r.getMetadata().getLabels());
  }

  private <T> T call(String what, ClusterReader.Call<T> call) {
    return ClusterReader.call(client, what, call);
  }
}
