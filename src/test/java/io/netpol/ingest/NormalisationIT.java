package io.netpol.ingest;

import static io.netpol.ingest.CalicoLines.record;
import static io.netpol.ingest.HubbleLines.flow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md §4: each connection counted once whatever the number of observation points or
 * reporters, replies never reversed, denied and audit kept as such (ConnectionTracker, end to end).
 */
class NormalisationIT {

  static final ObjectNode FRONTEND =
      HubbleLines.pod(
          "voting-frontend", "frontend-7d9f8b5c4d-h7x2p", "app.kubernetes.io/name=frontend");
  static final ObjectNode API =
      HubbleLines.pod("voting-api", "api-5b8c7d9f6c-t6v2x", "app.kubernetes.io/name=api");
  static final String FE_IP = "10.244.1.21";
  static final String API_IP = "10.244.2.31";

  @TempDir Path dir;

  /** A packet of the frontend -> api:8000 connection from client port {@code port}. */
  static HubbleLines.Flow toApi(int port) {
    return flow(FRONTEND, FE_IP, port, API, API_IP, 8000);
  }

  static HubbleLines.Flow fromApi(int port) {
    return flow(API, API_IP, 8000, FRONTEND, FE_IP, port);
  }

  /**
   * One TCP connection as Hubble exports it: SYN, SYN-ACK, data and its reply, each seen at the
   * client's node (egress) and the server's node (ingress).
   */
  static List<HubbleLines.Flow> conversation(int port, boolean withReplyFlag) {
    List<HubbleLines.Flow> packets = new ArrayList<>();
    long ms = 0;
    for (String point : new String[] {"EGRESS@kind-worker", "INGRESS@kind-worker2"}) {
      String[] p = point.split("@");
      packets.add(toApi(port).flags("SYN").direction(p[0]).node(p[1]).plusMillis(ms++));
      packets.add(fromApi(port).flags("SYN", "ACK").direction(p[0]).node(p[1]).plusMillis(ms++));
      packets.add(toApi(port).flags("ACK", "PSH").direction(p[0]).node(p[1]).plusMillis(ms++));
      packets.add(fromApi(port).flags("ACK", "PSH").direction(p[0]).node(p[1]).plusMillis(ms++));
    }
    if (withReplyFlag) {
      for (int i = 0; i < packets.size(); i++) {
        packets.get(i).isReply(i % 2 == 1);
      }
    }
    return packets;
  }

  private ObserveRun observe(List<HubbleLines.Flow> packets) {
    return ObserveRun.lines(
        dir, packets.stream().map(HubbleLines.Flow::exporter).toArray(String[]::new));
  }

  private static void assertFrontendToApi(ObservedConnection c, long count, Verdict verdict) {
    assertEquals("pod:voting-frontend/frontend", c.client().key());
    assertEquals("pod:voting-api/api", c.server().key());
    assertEquals(8000, c.port());
    assertEquals(verdict, c.verdict());
    assertEquals(count, c.count());
  }

  @Test
  void a_connection_seen_at_both_observation_points_counts_once() {
    ObserveRun run =
        observe(
            List.of(
                toApi(41000).isReply(false).direction("EGRESS").node("kind-worker"),
                toApi(41000)
                    .isReply(false)
                    .direction("INGRESS")
                    .node("kind-worker2")
                    .plusMillis(1)));

    assertFrontendToApi(run.only(), 1, Verdict.ALLOWED);
  }

  @ParameterizedTest(name = "reply flag exported: {0}")
  @ValueSource(booleans = {true, false})
  void handshake_data_and_replies_at_both_points_count_once(boolean withReplyFlag) {
    ObserveRun run = observe(conversation(41000, withReplyFlag));

    assertFrontendToApi(run.only(), 1, Verdict.ALLOWED);
  }

  @Test
  void replies_never_become_reverse_connections() {
    // Only the replies were captured (the requests fell out of the ring buffer).
    ObserveRun run =
        observe(List.of(fromApi(41000).isReply(true), fromApi(41001).isReply(true).plusMillis(5)));

    assertFrontendToApi(run.only(), 2, Verdict.ALLOWED);
    assertTrue(
        run.connections.stream().noneMatch(c -> c.client().key().equals("pod:voting-api/api")));
  }

  @Test
  void distinct_client_ports_are_distinct_connections() {
    List<HubbleLines.Flow> packets = new ArrayList<>(conversation(41000, true));
    conversation(41001, true).forEach(f -> packets.add(f.plusMillis(100)));
    conversation(41002, false).forEach(f -> packets.add(f.plusMillis(200)));

    assertFrontendToApi(observe(packets).only(), 3, Verdict.ALLOWED);
  }

  @ParameterizedTest(name = "client port {0}, server port {1}")
  @CsvSource({"41000, 8000", "33000, 8000", "8080, 40000"})
  void an_unknown_reply_flag_is_resolved_by_ephemeral_versus_listening_port(
      int clientPort, int serverPort) {
    // No is_reply, no TCP flags: the request and the reply only differ in their ports.
    HubbleLines.Flow request = flow(FRONTEND, FE_IP, clientPort, API, API_IP, serverPort);
    HubbleLines.Flow reply =
        flow(API, API_IP, serverPort, FRONTEND, FE_IP, clientPort).plusMillis(1);
    boolean portsTellTheTruth = ConnectionTracker.sourceLooksLikeServer(serverPort, clientPort);

    ObservedConnection c = observe(List.of(request, reply)).only();

    assertEquals(1, c.count());
    if (portsTellTheTruth) {
      assertEquals("pod:voting-frontend/frontend", c.client().key());
      assertEquals(serverPort, c.port());
    } else {
      // 8080 -> 40000: the lower, non-ephemeral port is taken for the listener.
      assertEquals("pod:voting-api/api", c.client().key());
      assertEquals(clientPort, c.port());
    }
  }

  @Test
  void a_guess_from_ports_is_corrected_when_a_flagged_packet_follows() {
    // 8080 -> 40000 looks like the server answering; then the exporter's flag says it is a request.
    HubbleLines.Flow first = flow(FRONTEND, FE_IP, 8080, API, API_IP, 40000);
    HubbleLines.Flow flagged =
        flow(FRONTEND, FE_IP, 8080, API, API_IP, 40000).isReply(false).plusMillis(1);

    ObserveRun run = observe(List.of(first, flagged));

    ObservedConnection c = run.only();
    assertEquals("pod:voting-frontend/frontend", c.client().key());
    assertEquals(40000, c.port());
    assertEquals(1, c.count());
  }

  @Test
  void forwarded_at_the_source_then_dropped_at_the_destination_ends_up_denied() {
    ObserveRun run =
        observe(
            List.of(
                toApi(41000).isReply(false).direction("EGRESS").node("kind-worker"),
                toApi(41000)
                    .isReply(false)
                    .direction("INGRESS")
                    .node("kind-worker2")
                    .verdict("DROPPED")
                    .plusMillis(1),
                // the client retransmits its SYN; still the same connection
                toApi(41000)
                    .isReply(false)
                    .direction("EGRESS")
                    .node("kind-worker")
                    .plusMillis(1000)));

    assertFrontendToApi(run.only(), 1, Verdict.DENIED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"DROPPED, DENIED", "AUDIT, AUDIT"})
  void denied_and_audit_records_are_kept_as_such_never_as_allowed(String hubble, Verdict expected) {
    ObserveRun run =
        observe(
            List.of(
                toApi(41000).isReply(false).verdict(hubble),
                fromApi(41000).isReply(true).verdict(hubble).plusMillis(1)));

    assertFrontendToApi(run.only(), 1, expected);
  }

  @Test
  void an_allowed_calico_flow_reported_by_both_ends_counts_its_flows_once() {
    ObserveRun run =
        ObserveRun.lines(
            dir,
            record("{\"reporter\":\"src\",\"num_flows\":7}"),
            record("{\"reporter\":\"dst\",\"num_flows\":7}"));

    assertFrontendToApi(run.only(), 7, Verdict.ALLOWED);
  }

  @ParameterizedTest(name = "{0} reported first")
  @ValueSource(strings = {"src", "dst"})
  void calico_allowed_at_the_source_and_denied_at_the_destination_is_stored_as_denied_only(
      String first) {
    String src = record("{\"reporter\":\"src\",\"action\":\"allow\",\"num_flows\":3}");
    String dst =
        record(
            "{\"reporter\":\"dst\",\"action\":\"deny\",\"num_flows\":3,"
                + "\"policies\":{\"all_policies\":[\"0|default|voting-api/default.deny-all|deny|-1\"]}}");

    ObserveRun run =
        first.equals("src") ? ObserveRun.lines(dir, src, dst) : ObserveRun.lines(dir, dst, src);

    assertFrontendToApi(run.only(), 3, Verdict.DENIED);
  }

  @Test
  void consecutive_calico_intervals_from_the_same_reporter_add_up() {
    ObserveRun run =
        ObserveRun.lines(
            dir,
            record("{\"reporter\":\"src\",\"num_flows\":7}"),
            record("{\"reporter\":\"dst\",\"num_flows\":7}"),
            record(
                "{\"reporter\":\"src\",\"num_flows\":5,\"start_time\":1795169100,\"end_time\":1795169400}"),
            record(
                "{\"reporter\":\"dst\",\"num_flows\":5,\"start_time\":1795169100,\"end_time\":1795169400}"));

    assertFrontendToApi(run.only(), 12, Verdict.ALLOWED);
  }

  @Test
  void calico_denied_records_are_denied_and_staged_denies_audit() {
    ObserveRun run =
        ObserveRun.lines(
            dir,
            record("{\"reporter\":\"dst\",\"action\":\"deny\",\"num_flows\":2}"),
            record(
                "{\"dest_port\":8001,\"num_flows\":4,\"policies\":{\"pending_policies\":"
                    + "[\"0|default|voting-api/default.staged|deny|-1\"]}}"));

    assertEquals(2, run.connections.size(), run.describe());
    assertEquals(2, run.withVerdict(Verdict.DENIED).get(0).count());
    assertEquals(4, run.withVerdict(Verdict.AUDIT).get(0).count());
    assertTrue(run.withVerdict(Verdict.ALLOWED).isEmpty(), "a deny is never evidence for an allow");
  }
}
