package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.BoolValue;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Timestamp;
import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.proto.hubble.Flow;
import io.netpol.proto.hubble.GetFlowsResponse;
import io.netpol.proto.hubble.IP;
import io.netpol.proto.hubble.Layer4;
import io.netpol.proto.hubble.LostEvent;
import io.netpol.proto.hubble.TCP;
import io.netpol.proto.hubble.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binary Hubble exports: length-delimited {@code Flow} or {@code GetFlowsResponse} messages. */
class HubbleProtobufIT {

  @TempDir Path dir;

  static final long T0_SECONDS = 1_795_168_800L;

  static io.netpol.proto.hubble.Endpoint api() {
    return io.netpol.proto.hubble.Endpoint.newBuilder()
        .setID(3629)
        .setIdentity(48983)
        .setNamespace("voting-api")
        .addLabels("k8s:app.kubernetes.io/name=api")
        .addLabels("k8s:pod-template-hash=5b8c7d9f6c")
        .addLabels("k8s:io.kubernetes.pod.namespace=voting-api")
        .setPodName("api-5b8c7d9f6c-m4n8r")
        .addWorkloads(Workload.newBuilder().setName("api").setKind("Deployment"))
        .build();
  }

  static io.netpol.proto.hubble.Endpoint redis() {
    return io.netpol.proto.hubble.Endpoint.newBuilder()
        .setID(1200)
        .setIdentity(20011)
        .setNamespace("voting-data")
        .addLabels("k8s:app.kubernetes.io/name=redis")
        .addLabels("k8s:io.kubernetes.pod.namespace=voting-data")
        .setPodName("redis-0")
        .build();
  }

  /** api:port -> redis:6379 (or its reply), {@code nanos} after T0. */
  static Flow packet(
      boolean reply, int clientPort, int nanos, io.netpol.proto.hubble.Verdict verdict) {
    Flow.Builder f =
        Flow.newBuilder()
            .setTime(Timestamp.newBuilder().setSeconds(T0_SECONDS).setNanos(nanos))
            .setVerdict(verdict)
            .setNodeName("kind-worker")
            .setIsReply(BoolValue.of(reply));
    TCP.Builder tcp = TCP.newBuilder();
    if (reply) {
      f.setIP(
          IP.newBuilder().setSource("10.244.1.51").setDestination("10.244.1.31").setIpVersion(1));
      tcp.setSourcePort(6379).setDestinationPort(clientPort);
      f.setSource(redis()).setDestination(api());
    } else {
      f.setIP(
          IP.newBuilder().setSource("10.244.1.31").setDestination("10.244.1.51").setIpVersion(1));
      tcp.setSourcePort(clientPort).setDestinationPort(6379);
      f.setSource(api()).setDestination(redis());
    }
    return f.setL4(Layer4.newBuilder().setTCP(tcp)).build();
  }

  static Flow packet(boolean reply, int clientPort, int nanos) {
    return packet(reply, clientPort, nanos, io.netpol.proto.hubble.Verdict.FORWARDED);
  }

  private Path delimited(String name, List<? extends MessageLite> messages) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (MessageLite m : messages) {
        m.writeDelimitedTo(out);
      }
    }
    return file;
  }

  private ObserveRun observe(Path file) {
    return ObserveRun.paths(dir.resolve("netpol.db"), IngestOptions.defaults(), file);
  }

  private static void assertApiToRedis(ObservedConnection c, long count) {
    assertEquals(
        Endpoint.pod("voting-api", "api", Map.of("app.kubernetes.io/name", "api")), c.client());
    assertEquals(
        Endpoint.pod("voting-data", "redis", Map.of("app.kubernetes.io/name", "redis")),
        c.server());
    assertEquals(6379, c.port());
    assertEquals(Protocol.TCP, c.protocol());
    assertEquals(count, c.count());
  }

  @Test
  void length_delimited_flows_are_read_and_replies_fold_into_their_connection() throws IOException {
    Path file =
        delimited(
            "flows.pb",
            List.of(
                packet(false, 40001, 1000),
                packet(true, 40001, 2000),
                packet(false, 40002, 3000),
                packet(true, 40002, 4000)));

    ObserveRun run = observe(file);

    assertApiToRedis(run.only(), 2);
    assertEquals(4, run.report.records());
    assertTrue(run.report.failedInputs().isEmpty(), run.describe());
  }

  @Test
  void get_flows_responses_are_unwrapped_and_non_flow_responses_skipped() throws IOException {
    GetFlowsResponse lost =
        GetFlowsResponse.newBuilder()
            .setLostEvents(LostEvent.newBuilder().setNumEventsLost(3))
            .setNodeName("kind-worker")
            .build();
    Path file =
        delimited(
            "observer.pb",
            List.of(
                GetFlowsResponse.newBuilder()
                    .setFlow(packet(false, 40001, 1000))
                    .setNodeName("kind-worker")
                    .build(),
                lost,
                GetFlowsResponse.newBuilder()
                    .setFlow(packet(true, 40001, 2000))
                    .setNodeName("kind-worker")
                    .build()));

    ObserveRun run = observe(file);

    assertApiToRedis(run.only(), 1);
    assertEquals(Map.of("Hubble non-flow response", 1L), run.report.skipped());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @EnumSource(
      value = io.netpol.proto.hubble.Verdict.class,
      names = {"FORWARDED", "DROPPED", "AUDIT"})
  void binary_verdicts_map_like_json_ones(io.netpol.proto.hubble.Verdict verdict)
      throws IOException {
    Path file = delimited("v.pb", List.of(packet(false, 40001, 1000, verdict)));

    ObservedConnection c = observe(file).only();

    Verdict expected =
        switch (verdict) {
          case DROPPED -> Verdict.DENIED;
          case AUDIT -> Verdict.AUDIT;
          default -> Verdict.ALLOWED;
        };
    assertEquals(expected, c.verdict());
  }

  @Test
  void the_legacy_reply_field_marks_binary_replies() throws IOException {
    // Only a reply, sent from the server's port: without the flag it would still be api -> redis by
    // ports, so make the ports lie (server on an ephemeral-looking port) to see the flag decide.
    Flow reply =
        packet(true, 40001, 1000).toBuilder()
            .clearIsReply()
            .setReply(true)
            .setL4(
                Layer4.newBuilder()
                    .setTCP(TCP.newBuilder().setSourcePort(45000).setDestinationPort(8080)))
            .build();

    ObservedConnection c = observe(delimited("legacy.pb", List.of(reply))).only();

    assertEquals("voting-api", c.client().namespace());
    assertEquals(45000, c.port());
  }

  /** A first message of exactly 123 bytes starts the file with the byte '{': it is still binary. */
  @Test
  void a_binary_export_whose_first_byte_looks_like_a_brace_is_still_binary() throws IOException {
    Flow first = compact(packet(false, 40001, 1000));
    StringBuilder pad = new StringBuilder();
    while (first.getSerializedSize() < 123) {
      first = first.toBuilder().setUuid(pad.append('x').toString()).build();
    }
    assertEquals(
        123, first.getSerializedSize(), "test setup: the varint length prefix is the byte '{'");
    ByteArrayOutputStream check = new ByteArrayOutputStream();
    first.writeDelimitedTo(check);
    assertEquals('{', check.toByteArray()[0]);

    ObserveRun run =
        observe(delimited("brace.pb", List.of(first, compact(packet(true, 40001, 2000)))));

    assertTrue(run.report.failedInputs().isEmpty(), run.describe());
    ObservedConnection c = run.only();
    assertEquals("pod:voting-api/api", c.client().key());
    assertEquals("pod:voting-data/redis", c.server().key());
    assertEquals(6379, c.port());
  }

  /**
   * Copies of a binary export are recognised by content too: an earlier copy (the first messages
   * only), the whole file, its gzip copy and a file that shares only the first messages, with a
   * memory of 2 connections, count each message once.
   */
  @Test
  void copies_of_a_binary_export_and_an_earlier_copy_count_each_message_once() throws IOException {
    List<Flow> flows = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      flows.add(packet(false, 40000 + i, i * 1000));
    }
    Path whole = delimited("flows.pb", flows);
    Path early = delimited("early.pb", flows.subList(0, 150));
    Path gzip = dir.resolve("flows.pb.1.gz");
    try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
      Files.copy(whole, out);
    }
    List<Flow> other = new java.util.ArrayList<>(flows.subList(0, 200));
    for (int i = 0; i < 50; i++) {
      other.add(packet(false, 50000 + i, i * 1000));
    }
    Path shares = delimited("other.pb", other);
    IngestOptions tiny = IngestOptions.defaults().withMemoryCapacity(2);
    Path db = dir.resolve("netpol.db");

    ObserveRun wholeRun = ObserveRun.paths(db, tiny, whole);
    ObserveRun copies = ObserveRun.paths(db, tiny, early, gzip, whole);
    ObserveRun sharing = ObserveRun.paths(db, tiny, shares);

    assertEquals(400, wholeRun.totalCount());
    assertEquals(0, copies.report.records(), copies.describe());
    assertEquals(
        List.of(
            PriorRead.Kind.EARLIER_COPY, PriorRead.Kind.NOTHING_NEW, PriorRead.Kind.NOTHING_NEW),
        copies.report.priorReads().stream().map(PriorRead::kind).toList());
    assertEquals(150, copies.report.priorReads().get(0).line());
    assertEquals(50, sharing.report.records(), "only the messages after the shared start");
    assertEquals(
        "its first 200 messages are those of " + whole + ", already read; read on from message 201",
        sharing.report.priorReads().get(0).describe());
    assertEquals(450, sharing.totalCount());
  }

  /**
   * After good messages, a length prefix that decodes to -1 or to more than --max-record-size: the
   * messages before it are stored, the file is reported as corrupt there, nothing crashes.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"negative", "oversized"})
  void a_bad_length_prefix_after_good_messages_keeps_them_and_names_the_place(String kind)
      throws IOException {
    Path file =
        delimited("flows.pb", List.of(packet(false, 40001, 1000), packet(false, 40002, 2000)));
    byte[] prefix = new byte[10];
    if (kind.equals("negative")) {
      java.util.Arrays.fill(prefix, 0, 9, (byte) 0xff);
      prefix[9] = 0x01;
    } else {
      prefix = new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}; // 16 MiB
    }
    long good = Files.size(file);
    Files.write(file, prefix, java.nio.file.StandardOpenOption.APPEND);
    Files.write(file, new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.APPEND);

    ObserveRun run = observe(file);

    assertEquals(2, run.report.records());
    assertEquals(2, run.totalCount(), run.describe());
    assertEquals(1, run.report.failedInputs().size(), run.describe());
    Problem p = run.report.failedInputs().get(0);
    assertTrue(p.location().endsWith("flows.pb: message 3 at byte " + good), p.toString());
    assertTrue(p.reason().startsWith("message length "), p.toString());
    assertTrue(
        p.reason().contains("is not valid (negative, or over --max-record-size"), p.toString());
  }

  /** The flow with label-less endpoints (pods named by pod name), to keep the message small. */
  private static Flow compact(Flow f) {
    return f.toBuilder()
        .setSource(f.getSource().toBuilder().clearLabels().clearWorkloads().clearID())
        .setDestination(f.getDestination().toBuilder().clearLabels().clearWorkloads().clearID())
        .clearNodeName()
        .setIP(f.getIP().toBuilder().clearIpVersion())
        .build();
  }
}
