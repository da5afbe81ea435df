package io.netpol.ingest;

import static io.netpol.ingest.HubbleLines.flow;
import static io.netpol.ingest.HubbleLines.pod;
import static io.netpol.ingest.HubbleLines.reserved;
import static io.netpol.ingest.HubbleLines.withWorkload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Hubble JSON shape of DESIGN.md §3, read end to end into a real store. */
class HubbleJsonShapesIT {

  static final ObjectNode API =
      pod(
          "voting-api",
          "api-5b8c7d9f6c-m4n8r",
          "app.kubernetes.io/name=api",
          "pod-template-hash=5b8c7d9f6c");
  static final ObjectNode POSTGRES =
      pod(
          "voting-data",
          "postgres-0",
          "app.kubernetes.io/name=postgresql",
          "statefulset.kubernetes.io/pod-name=postgres-0",
          "controller-revision-hash=postgres-5d7f9c8b6");
  static final String API_IP = "10.244.1.31";
  static final String PG_IP = "10.244.2.52";

  @TempDir Path dir;

  static HubbleLines.Flow request() {
    return flow(API, API_IP, 41000, POSTGRES, PG_IP, 5432);
  }

  static HubbleLines.Flow response() {
    return flow(POSTGRES, PG_IP, 5432, API, API_IP, 41000);
  }

  private static void assertApiToPostgres(ObservedConnection c) {
    assertEquals(
        Endpoint.pod("voting-api", "api", Map.of("app.kubernetes.io/name", "api")), c.client());
    assertEquals(
        Endpoint.pod("voting-data", "postgres", Map.of("app.kubernetes.io/name", "postgresql")),
        c.server());
    assertEquals(5432, c.port());
    assertEquals(Protocol.TCP, c.protocol());
    assertEquals(Verdict.ALLOWED, c.verdict());
    assertEquals(1, c.count());
  }

  @Test
  void exporter_wrapper_lines_become_one_connection_with_stable_pod_labels() {
    ObserveRun run =
        ObserveRun.lines(
            dir,
            request().isReply(false).exporter(),
            response().isReply(true).plusMillis(1).exporter());

    assertApiToPostgres(run.only());
    assertEquals(HubbleLines.T0.toEpochMilli(), run.only().firstSeenMs());
    assertEquals(2, run.report.records());
    assertEquals(0, run.report.malformed());
  }

  @Test
  void bare_flow_objects_read_like_the_exporter_wrapper() {
    ObserveRun run =
        ObserveRun.lines(
            dir, request().isReply(false).bare(), response().isReply(true).plusMillis(1).bare());

    assertApiToPostgres(run.only());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"12\",\"cpu\":{\"value\":1}},"
            + "\"node_name\":\"kind-worker\",\"time\":\"2026-11-20T10:00:01.5Z\"}",
        "{\"agent_event\":{\"type\":\"ENDPOINT_REGENERATE_SUCCESS\",\"endpoint_regenerate\":{\"id\":\"1234\","
            + "\"labels\":[\"k8s:app=api\"]}},\"node_name\":\"kind-worker\",\"time\":\"2026-11-20T10:00:01.5Z\"}",
        "{\"debug_event\":{\"type\":\"DBG_CT_VERDICT\",\"source\":{\"ID\":1234,\"identity\":5},\"hash\":7,"
            + "\"message\":\"CT verdict: New\"},\"node_name\":\"kind-worker\",\"time\":\"2026-11-20T10:00:01.5Z\"}",
        "{\"node_status\":{\"state_change\":\"NODE_CONNECTED\",\"node_names\":[\"kind-worker\"],"
            + "\"message\":\"Connected\"},\"node_name\":\"\",\"time\":\"2026-11-20T10:00:01.5Z\"}"
      })
  void non_flow_events_are_skipped_and_counted_by_kind(String line) {
    String kind = line.substring(2, line.indexOf('"', 2));

    ObserveRun run = ObserveRun.lines(dir, line, request().exporter(), line);

    assertEquals(
        Map.of("Hubble " + kind + " event (not a flow)", 2L), run.report.skipped(), run.describe());
    assertEquals(0, run.report.malformed());
    assertEquals(1, run.connections.size(), "the flow between them is still read");
  }

  /**
   * The reply flag decides who the server is, even where the ports would say otherwise: here the
   * server listens on an ephemeral-looking 40000 and the client uses 8080.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'\"is_reply\":true', server sent it",
    "'\"reply\":true', server sent it",
    "'\"is_reply\":{\"value\":true}', server sent it",
    "'\"reply\":true,\"is_reply\":true', server sent it",
    "'\"is_reply\":false', client sent it",
    "'\"reply\":false', client sent it",
    "'\"reply\":true,\"is_reply\":false', client sent it",
  })
  void the_reply_flag_decides_the_direction_legacy_reply_or_is_reply(String flag, String meaning) {
    String line = flow(POSTGRES, PG_IP, 40000, API, API_IP, 8080).exporter();
    line = line.replace("\"Type\":", flag + ",\"Type\":");

    ObservedConnection c = ObserveRun.lines(dir, line).only();

    if (meaning.equals("server sent it")) {
      assertEquals("voting-api", c.client().namespace());
      assertEquals("voting-data", c.server().namespace());
      assertEquals(40000, c.port());
    } else {
      assertEquals("voting-data", c.client().namespace());
      assertEquals("voting-api", c.server().namespace());
      assertEquals(8080, c.port());
    }
  }

  /** No reply flag at all: the listening (non-ephemeral, else lower) port is the server's. */
  @ParameterizedTest(name = "{0} -> {1}: server port {2}")
  @CsvSource({
    "41000, 5432, 5432",
    "5432, 41000, 5432",
    "1234, 80, 80",
    "80, 1234, 80",
    "50000, 40000, 40000",
  })
  void without_a_reply_flag_the_listening_port_decides(int srcPort, int dstPort, int serverPort) {
    ObservedConnection c =
        ObserveRun.lines(dir, flow(API, API_IP, srcPort, POSTGRES, PG_IP, dstPort).exporter())
            .only();

    assertEquals(serverPort, c.port());
    assertEquals(srcPort == serverPort ? "voting-data" : "voting-api", c.client().namespace());
  }

  @ParameterizedTest(name = "flags {0}: server port {1}")
  @CsvSource({
    // A SYN alone comes from the client, even from port 8080 to an ephemeral port.
    "SYN, 40000",
    // SYN-ACK comes from the server, even from an ephemeral port to 8080.
    "SYN+ACK, 8080",
  })
  void without_a_reply_flag_the_tcp_handshake_flags_decide(String flags, int serverPort) {
    HubbleLines.Flow f = flow(API, API_IP, 8080, POSTGRES, PG_IP, 40000).flags(flags.split("\\+"));

    ObservedConnection c = ObserveRun.lines(dir, f.exporter()).only();

    assertEquals(serverPort, c.port());
    assertEquals(serverPort == 40000 ? "voting-api" : "voting-data", c.client().namespace());
  }

  @Test
  void reserved_host_is_the_pods_own_node_named_by_the_node_with_its_address_kept() {
    ObservedConnection c =
        ObserveRun.lines(
                dir,
                flow(reserved(1, "reserved:host"), "172.18.0.3", 45000, API, API_IP, 8000)
                    .exporter())
            .only();

    assertEquals(EndpointKind.HOST, c.client().kind());
    assertTrue(c.client().ownNode());
    assertEquals("172.18.0.3", c.client().ip());
    assertEquals("kind-worker", c.client().name());
    assertEquals("host:own-node/kind-worker", c.client().key());
    assertEquals("node kind-worker (own)", c.client().display());
    assertEquals(8000, c.port());
  }

  @Test
  void probes_of_two_nodes_stay_two_endpoints() {
    ObserveRun run =
        ObserveRun.lines(
            dir,
            flow(reserved(1, "reserved:host"), "172.18.0.3", 45000, API, API_IP, 8000).exporter(),
            flow(reserved(1, "reserved:host"), "172.18.0.4", 45001, API, API_IP, 8000)
                .node("kind-worker2")
                .exporter());

    assertEquals(
        List.of("host:own-node/kind-worker", "host:own-node/kind-worker2"),
        run.connections.stream().map(c -> c.client().key()).toList());
  }

  @Test
  void reserved_remote_node_is_a_host_known_by_its_ip() {
    ObservedConnection c =
        ObserveRun.lines(
                dir,
                flow(reserved(6, "reserved:remote-node"), "172.18.0.4", 45000, API, API_IP, 8000)
                    .exporter())
            .only();

    assertEquals(EndpointKind.HOST, c.client().kind());
    assertFalse(c.client().ownNode());
    assertEquals("172.18.0.4", c.client().ip());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"reserved:kube-apiserver", "reserved:host,reserved:kube-apiserver"})
  void reserved_kube_apiserver_wins_over_other_reserved_labels(String labels) {
    ObjectNode apiserver = reserved(7, labels.split(","));

    ObservedConnection c =
        ObserveRun.lines(dir, flow(API, API_IP, 45000, apiserver, "172.18.0.2", 6443).exporter())
            .only();

    assertEquals(EndpointKind.APISERVER, c.server().kind());
    assertEquals("172.18.0.2", c.server().ip());
    assertEquals(6443, c.port());
  }

  @Test
  void reserved_world_keeps_its_ip_and_the_dns_names_of_the_flow() {
    String line =
        flow(API, API_IP, 45000, reserved(2, "reserved:world"), "140.82.121.6", 443)
            .destinationNames("api.github.com")
            .exporter();

    ObservedConnection c = ObserveRun.lines(dir, line).only();

    assertEquals(EndpointKind.WORLD, c.server().kind());
    assertEquals("140.82.121.6", c.server().ip());
    assertEquals(Set.of("api.github.com"), c.server().dnsNames());
  }

  @Test
  void reserved_health_probes_are_skipped_with_a_reason() {
    String line =
        flow(
                reserved(6, "reserved:remote-node"),
                "10.244.0.148",
                40484,
                reserved(4, "reserved:health"),
                "10.244.1.204",
                4240)
            .exporter();

    ObserveRun run = ObserveRun.lines(dir, line);

    assertTrue(run.connections.isEmpty(), run.describe());
    assertEquals(Map.of("cilium-health probe", 1L), run.report.skipped());
  }

  @Test
  void a_pod_known_only_by_labels_is_named_from_its_labels() {
    ObjectNode remote =
        reserved(31337, "k8s:app=postgres", "k8s:io.kubernetes.pod.namespace=voting-data");

    ObservedConnection c =
        ObserveRun.lines(dir, flow(API, API_IP, 45000, remote, PG_IP, 5432).exporter()).only();

    assertEquals(Endpoint.pod("voting-data", "postgres", Map.of("app", "postgres")), c.server());
  }

  @Test
  void a_pod_known_only_by_labels_takes_the_workload_name_seen_with_those_labels() {
    ObjectNode named = pod("voting-data", "db-primary-0", "app=pg");
    ObjectNode labelsOnly =
        reserved(31337, "k8s:app=pg", "k8s:io.kubernetes.pod.namespace=voting-data");

    ObserveRun run =
        ObserveRun.lines(
            dir,
            flow(API, API_IP, 45000, named, PG_IP, 5432).exporter(),
            flow(API, API_IP, 45001, labelsOnly, PG_IP, 5432).exporter());

    assertEquals(1, run.connections.size(), run.describe());
    assertEquals("db-primary", run.only().server().workload());
    assertEquals(2, run.only().count());
  }

  @Test
  void the_workloads_field_names_the_owner_over_the_pod_name() {
    ObjectNode owned =
        withWorkload(
            pod("voting-api", "api-7c9d8-xyz12", "app=api"), "voting-api-server", "Deployment");

    ObservedConnection c =
        ObserveRun.lines(dir, flow(owned, API_IP, 45000, POSTGRES, PG_IP, 5432).exporter()).only();

    assertEquals("voting-api-server", c.client().workload());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"FORWARDED, ALLOWED", "REDIRECTED, ALLOWED", "DROPPED, DENIED", "AUDIT, AUDIT"})
  void hubble_verdicts_map_to_allowed_denied_or_audit(String hubble, Verdict expected) {
    ObservedConnection c = ObserveRun.lines(dir, request().verdict(hubble).exporter()).only();

    assertEquals(expected, c.verdict());
  }

  @Test
  void udp_flows_keep_their_protocol() {
    ObjectNode dns =
        pod(
            "kube-system",
            "coredns-5d78c9869d-8xk2p",
            "k8s-app=kube-dns",
            "pod-template-hash=5d78c9869d");

    ObservedConnection c =
        ObserveRun.lines(dir, flow(API, API_IP, 33000, dns, "10.244.0.5", 53).udp().exporter())
            .only();

    assertEquals(Protocol.UDP, c.protocol());
    assertEquals(53, c.port());
    assertEquals("coredns", c.server().workload());
    assertNull(c.server().ip(), "pods are identified by workload, not address");
  }
}
