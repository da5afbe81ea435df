package io.netpol.recommend.scenario;

import static io.netpol.recommend.scenario.GoldenScenarios.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netpol.recommend.scenario.Traffic.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cluster with Calico OSS serves about addresses: Nodes with their InternalIP and pod
 * ranges, the EndpointSlice of default/kubernetes (three control-plane endpoints on 6443) and a
 * GlobalNetworkSet for the office VPN, as one multi-document YAML the golden test loads into the
 * mock API server.
 */
final class ClusterObjects {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ClusterObjects() {}

  static String yaml(List<Node> nodes) {
    List<Map<String, Object>> docs = new ArrayList<>();
    int i = 0;
    for (Node n : nodes) {
      docs.add(
          map(
              "apiVersion", "v1",
              "kind", "Node",
              "metadata", map("name", n.name()),
              "spec",
                  map(
                      "podCIDR",
                      "10.244." + i + ".0/24",
                      "podCIDRs",
                      List.of("10.244." + i + ".0/24")),
              "status",
                  map(
                      "addresses",
                      List.of(
                          map("type", "InternalIP", "address", n.ip()),
                          map("type", "Hostname", "address", n.name())))));
      i++;
    }
    docs.add(
        map(
            "apiVersion",
            "discovery.k8s.io/v1",
            "kind",
            "EndpointSlice",
            "metadata",
            map(
                "name", "kubernetes",
                "namespace", "default",
                "labels", map("kubernetes.io/service-name", "kubernetes")),
            "addressType",
            "IPv4",
            "endpoints",
            List.of(
                map("addresses", List.of("172.18.0.2"), "conditions", map("ready", true)),
                map("addresses", List.of("172.18.0.3"), "conditions", map("ready", true)),
                map("addresses", List.of("172.18.0.4"), "conditions", map("ready", true))),
            "ports",
            List.of(map("name", "https", "port", 6443, "protocol", "TCP"))));
    docs.add(
        map(
            "apiVersion",
            "projectcalico.org/v3",
            "kind",
            "GlobalNetworkSet",
            "metadata",
            map("name", "corp-vpn", "labels", map("role", "vpn")),
            "spec",
            map("nets", List.of("10.8.0.0/16", "192.0.2.0/27"))));
    StringBuilder out = new StringBuilder();
    try {
      for (Map<String, Object> d : docs) {
        out.append(YAML.writeValueAsString(d));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
