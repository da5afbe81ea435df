package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Goldmane's address-less peers look like to a user: flows names them for what they are, and
 * propose --cluster fails in one line when the cluster cannot be read.
 */
class GoldmanePeersIT {
  static final String FLOWS = "src/test/resources/scenarios/goldmane-ndjson/flows.ndjson";

  @TempDir Path tmp;
  Path db;

  @BeforeEach
  void observe() {
    db = tmp.resolve("netpol.db");
    CommandHarness.run("observe", "--db", db.toString(), FLOWS).exits(0);
  }

  @Test
  void flows_names_internet_private_network_network_set_and_host_endpoint() throws Exception {
    String table = CommandHarness.run("flows", "--db", db.toString()).exits(0).out();
    for (String line :
        new String[] {
          "payments/main-api +internet +443/TCP",
          "monitoring/prometheus +private network +9100/TCP",
          "network set corp-vpn +payments/admin +8080/TCP",
          "host endpoint node-b-auto-hep +payments/ledger",
          "monitoring/prometheus +kube-apiserver +6443/TCP",
          "internet +edge/gateway +8443/TCP"
        }) {
      assertTrue(table.lines().anyMatch(l -> l.matches(line + ".*")), line + " in\n" + table);
    }
    JsonNode json =
        new ObjectMapper()
            .readTree(
                CommandHarness.run("flows", "--db", db.toString(), "-o", "json").exits(0).out());
    Set<String> peers = new HashSet<>();
    for (JsonNode c : json) {
      peers.add(c.path("client").path("peer").asText());
      peers.add(c.path("server").path("peer").asText());
      // The fields scripts already read stay.
      assertTrue(c.path("server").has("kind") && c.path("server").has("ip"), c.toString());
    }
    assertEquals(
        Set.of(
            "pod", "internet", "private-network", "network-set", "host-endpoint", "kube-apiserver"),
        peers);
    JsonNode vpn = null;
    for (JsonNode c : json) {
      if (c.path("client").path("peer").asText().equals("network-set")) {
        vpn = c.path("client");
      }
    }
    assertEquals("network set corp-vpn", vpn.path("display").asText());
    assertEquals("network", vpn.path("kind").asText());
  }

  @Test
  void propose_cluster_that_cannot_be_reached_fails_in_one_line() {
    Services unreachable =
        new TestServices() {
          @Override
          public KubernetesClient kubernetes(KubeOptions options) {
            Config config =
                new ConfigBuilder(Config.empty())
                    .withMasterUrl("https://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build();
            return new KubernetesClientBuilder().withConfig(config).build();
          }
        };
    CommandHarness.Result r =
        CommandHarness.run(unreachable, "propose", "--db", db.toString(), "--cluster").exits(3);
    assertTrue(
        r.err()
            .startsWith(
                "netpol-recommend: cannot list nodes: cannot reach the API server at https://127.0.0.1:1"),
        r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
  }
}
