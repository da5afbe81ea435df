package io.netpol.ingest;

import static io.netpol.ingest.CalicoLines.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Calico Enterprise / Cloud {@code flows.log} records, read end to end into a real store. */
class CalicoFlowsLogIT {

  @TempDir Path dir;

  private ObservedConnection only(String line) {
    return ObserveRun.lines(dir, line).only();
  }

  @Test
  void an_aggregated_record_names_workloads_from_name_aggr_and_keeps_stable_labels_and_num_flows() {
    ObservedConnection c = only(record(""));

    assertEquals(
        Endpoint.pod("voting-frontend", "frontend", Map.of("app.kubernetes.io/name", "frontend")),
        c.client());
    assertEquals(
        Endpoint.pod("voting-api", "api", Map.of("app.kubernetes.io/name", "api")), c.server());
    assertEquals(8000, c.port());
    assertEquals(Protocol.TCP, c.protocol());
    assertEquals(Verdict.ALLOWED, c.verdict());
    assertEquals(12, c.count(), "num_flows connections");
    assertEquals(CalicoLines.START * 1000, c.firstSeenMs());
    assertEquals((CalicoLines.START + 300) * 1000, c.lastSeenMs());
  }

  @Test
  void a_deny_with_legacy_all_policies_is_stored_as_denied() {
    String line =
        record(
            """
        {"source_ip":"10.48.116.157","source_name":"loadgen","source_name_aggr":"loadgen",
         "source_namespace":"default","source_labels":{"labels":["run=loadgen"]},
         "dest_ip":"10.48.127.224","dest_name":"checkout-598d5b586d-wsvmz","dest_name_aggr":"checkout-598d5b586d-*",
         "dest_namespace":"shop","dest_port":5050,"dest_service_namespace":"-","dest_service_name":"-",
         "dest_labels":{"labels":["app=checkout","pod-template-hash=598d5b586d"]},
         "action":"deny","reporter":"dst","num_flows":1,
         "policies":{"all_policies":["1|app-shop|shop/app-shop.checkout|deny|-1","0|security|security.tenant-shop|pass|0"]}}
        """);

    ObservedConnection c = only(line);

    assertEquals(Verdict.DENIED, c.verdict());
    assertEquals("pod:default/loadgen", c.client().key());
    assertEquals(Endpoint.pod("shop", "checkout", Map.of("app", "checkout")), c.server());
    assertEquals(5050, c.port());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "legacy name; 0|default|voting-api/default.deny-frontend|deny|-1",
        "kind: name; 0|default|kind:StagedNetworkPolicy/voting-api/default.deny-frontend|deny|-1",
      })
  void an_allow_that_a_pending_policy_would_deny_is_audit(String form, String pendingHit) {
    String line =
        record(
            """
        {"policies":{"enforced_policies":["0|default|voting-api/default.allow-frontend|allow|0"],
                     "pending_policies":["%s"]}}
        """
                .formatted(pendingHit));

    assertEquals(Verdict.AUDIT, only(line).verdict());
  }

  @Test
  void an_allow_that_pending_policies_also_allow_stays_allowed() {
    String line =
        record(
            """
        {"policies":{"enforced_policies":["0|default|voting-api/default.allow-frontend|allow|0"],
                     "pending_policies":["0|default|voting-api/default.staged-allow|allow|0"]}}
        """);

    assertEquals(Verdict.ALLOWED, only(line).verdict());
  }

  @Test
  void the_public_network_with_dest_domains_is_a_world_peer_with_dns_names() {
    String line =
        record(
            """
        {"dest_type":"net","dest_name":"-","dest_name_aggr":"pub","dest_namespace":"-","dest_ip":null,
         "dest_labels":null,"dest_port":443,"dest_service_namespace":"-","dest_service_name":"-",
         "dest_domains":["api.stripe.com"]}
        """);

    ObservedConnection c = only(line);

    assertEquals(EndpointKind.WORLD, c.server().kind());
    assertEquals(Set.of("api.stripe.com"), c.server().dnsNames());
    assertNull(c.server().namespace(), "'-' means none");
    assertEquals(443, c.port());
  }

  @Test
  void the_private_network_is_a_network_peer_named_pvt() {
    String line =
        record(
            """
        {"dest_type":"net","dest_name":"-","dest_name_aggr":"pvt","dest_namespace":"-","dest_ip":null,
         "dest_labels":null,"dest_port":9092,"dest_service_namespace":"-","dest_service_name":"-"}
        """);

    ObservedConnection c = only(line);

    assertEquals(EndpointKind.NETWORK, c.server().kind());
    assertEquals("pvt", c.server().name());
  }

  @Test
  void the_default_kubernetes_service_is_the_api_server() {
    String line =
        record(
            """
        {"dest_type":"net","dest_name":"-","dest_name_aggr":"pvt","dest_namespace":"-","dest_ip":"10.96.0.1",
         "dest_labels":null,"dest_port":443,"dest_service_namespace":"default","dest_service_name":"kubernetes",
         "dest_service_port":"https"}
        """);

    ObservedConnection c = only(line);

    assertEquals(EndpointKind.APISERVER, c.server().kind());
    assertEquals(443, c.port());
  }

  @Test
  void a_host_endpoint_is_a_host() {
    String line =
        record(
            """
        {"source_type":"hep","source_name":"-","source_name_aggr":"kind-worker","source_namespace":"-",
         "source_labels":null}
        """);

    ObservedConnection c = only(line);

    assertEquals(EndpointKind.HOST, c.client().kind());
    assertEquals("host:kind-worker", c.client().key());
    assertFalse(c.client().ownNode(), "the source reported it: its node is not the pod's");
  }

  /** A probe from kind-worker's automatic host endpoint, reported by {@code host}. */
  private ObservedConnection probeFromKindWorkerReportedBy(String host) {
    return only(
        record(
            """
        {"host":"%s","reporter":"dst","source_type":"hep","source_ip":"172.18.0.3",
         "source_name":"kind-worker-auto-hep","source_name_aggr":"kind-worker-auto-hep",
         "source_namespace":"-","source_labels":{"labels":[]}}
        """
                .formatted(host)));
  }

  /**
   * Probes from the node's automatic host endpoint, reported by the pod's node: the own node, as
   * Hubble's reserved:host gives it.
   */
  @Test
  void the_host_endpoint_of_the_reporting_node_is_the_pods_own_node() {
    ObservedConnection c = probeFromKindWorkerReportedBy("kind-worker");

    assertEquals(io.netpol.flow.Endpoint.ownNode("kind-worker", "172.18.0.3"), c.client());
    assertEquals("host:own-node/kind-worker", c.client().key());
  }

  @Test
  void another_nodes_host_endpoint_is_not_the_pods_own_node() {
    ObservedConnection c = probeFromKindWorkerReportedBy("kind-worker2");

    assertFalse(c.client().ownNode());
    assertEquals("host:172.18.0.3", c.client().key());
  }

  @Test
  void a_network_set_keeps_its_namespace_and_name() {
    String line =
        record(
            """
        {"dest_type":"ns","dest_name":"-","dest_name_aggr":"partners","dest_namespace":"voting-api",
         "dest_labels":null,"dest_port":443,"dest_service_namespace":"-","dest_service_name":"-"}
        """);

    ObservedConnection c = only(line);

    assertEquals(EndpointKind.NETWORK, c.server().kind());
    assertEquals("voting-api", c.server().namespace());
    assertEquals("partners", c.server().name());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"udp, 53, UDP", "icmp, 0, ICMP"})
  void protocols_other_than_tcp_are_kept(String proto, int port, Protocol expected) {
    ObservedConnection c =
        only(
            record(
                "{\"proto\":\"" + proto + "\",\"dest_port\":" + (port == 0 ? "null" : port) + "}"));

    assertEquals(expected, c.protocol());
    assertEquals(port, c.port());
  }

  @Test
  void a_record_without_an_action_is_malformed_and_named_by_line() {
    String bad = record("").replace("\"action\":\"allow\",", "");

    ObserveRun run = ObserveRun.lines(dir, record(""), bad);

    assertEquals(1, run.report.malformed());
    assertTrue(run.report.problems().get(0).toString().endsWith(":2: no action"), run.describe());
    assertEquals(1, run.connections.size());
  }
}
