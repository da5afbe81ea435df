package io.netpol.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.netpol.flow.ObservedConnection;
import io.netpol.ingest.IngestOptions;
import io.netpol.ingest.IngestReport;
import io.netpol.ingest.Ingestor;
import io.netpol.ingest.ProgressListener;
import io.netpol.proto.hubble.Flow;
import io.netpol.proto.hubble.GetFlowsResponse;
import io.netpol.simulate.Simulator;
import io.netpol.store.Store;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flow records as collectors put them on Kafka, in every shape observe reads: plain JSON, Fluent
 * Bit and Vector wrappers, NDJSON batches of several records in one message, and binary Hubble
 * protobuf (bare Flow and GetFlowsResponse). Also the direct file ingestion of the same records,
 * which is what the topic must store.
 */
final class FlowMessages {

  /** How records are keyed, i.e. which records share a partition. */
  enum Keying {
    /**
     * By the node (Hubble) or reporting pod (Calico): what a node-local shipper does without a key
     * filter. Observations of one connection from two nodes then interleave differently than in a
     * file, which the deduplication window is sensitive to.
     */
    NODE,
    /**
     * By connection, as the collectors/ configurations do: every observation of a connection on one
     * partition, in order.
     */
    CONNECTION
  }

  static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH_LINES = 4;

  private FlowMessages() {}

  static List<String> simulate(Simulator.Format format, long lines) throws IOException {
    StringWriter w = new StringWriter();
    Simulator.write(format, w, START, lines);
    return w.toString().lines().filter(l -> !l.isBlank()).toList();
  }

  /** Creates {@code topic} (one partition) holding {@code lines} simulated Hubble flows. */
  static void hubbleTopic(KafkaBroker broker, String topic, long lines) throws Exception {
    broker.createTopic(topic, 1);
    broker.produce(
        topic, mixed(simulate(Simulator.Format.HUBBLE, lines), List.of(), Keying.CONNECTION));
  }

  static Path write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** The messages for these records in mixed shapes; every record appears exactly once. */
  static List<KafkaBroker.Message> mixed(List<String> hubble, List<String> calico, Keying keying)
      throws IOException {
    List<KafkaBroker.Message> out = new ArrayList<>();
    Map<String, List<String>> pendingBatches = new java.util.LinkedHashMap<>();
    for (int i = 0; i < hubble.size(); i++) {
      String line = hubble.get(i);
      JsonNode tree = JSON.readTree(line);
      String key = keying == Keying.NODE ? hubbleNode(tree) : hubbleConnection(tree);
      switch (tree.has("flow") ? i % 6 : 5) {
        case 0 ->
            single(out, pendingBatches, key, fluentBit(line).getBytes(StandardCharsets.UTF_8));
        case 1 -> single(out, pendingBatches, key, protobuf(tree, true));
        case 2 -> single(out, pendingBatches, key, protobuf(tree, false));
        case 3, 4 -> batch(out, pendingBatches, key, line);
        default ->
            single(
                out,
                pendingBatches,
                key,
                ((i / 6) % 2 == 0 ? line : parsedByShipper(tree, key))
                    .getBytes(StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < calico.size(); i++) {
      String line = calico.get(i);
      JsonNode tree = JSON.readTree(line);
      String key = keying == Keying.NODE ? calicoReporter(tree) : calicoConnection(tree);
      switch (i % 4) {
        case 0 -> single(out, pendingBatches, key, vector(line).getBytes(StandardCharsets.UTF_8));
        case 1 ->
            single(out, pendingBatches, key, fluentBit(line).getBytes(StandardCharsets.UTF_8));
        case 2 -> batch(out, pendingBatches, key, line);
        default ->
            single(
                out,
                pendingBatches,
                key,
                ((i / 4) % 2 == 0 ? line : parsedByShipper(tree, key))
                    .getBytes(StandardCharsets.UTF_8));
      }
    }
    pendingBatches.forEach((key, lines) -> out.add(message(key, String.join("\n", lines) + "\n")));
    return out;
  }

  /**
   * The messages the collectors/ shippers send for these Hubble records: each record as their JSON
   * parser gives it plus their fields ({@link #parsedByShipper}), keyed by connection.
   */
  static List<KafkaBroker.Message> collectors(List<String> hubble) throws IOException {
    List<KafkaBroker.Message> out = new ArrayList<>(hubble.size());
    for (String line : hubble) {
      JsonNode tree = JSON.readTree(line);
      String key = hubbleConnection(tree);
      out.add(message(key, parsedByShipper(tree, key)));
    }
    return out;
  }

  /** Direct file ingestion of the same records: what the Kafka paths must store. */
  static Path ingestFiles(Path dir, List<String> hubble, List<String> calico) throws IOException {
    Path db = dir.resolve("direct.db");
    List<String> paths = new ArrayList<>();
    if (!hubble.isEmpty()) {
      paths.add(write(dir.resolve("hubble.jsonl"), hubble).toString());
    }
    if (!calico.isEmpty()) {
      paths.add(write(dir.resolve("calico.jsonl"), calico).toString());
    }
    try (Store store = Store.open(db)) {
      IngestReport report =
          new Ingestor(store, IngestOptions.defaults(), ProgressListener.NONE)
              .run(paths, System.in);
      if (report.malformed() > 0 || !report.failedInputs().isEmpty()) {
        throw new IllegalStateException(
            "the simulated records do not ingest cleanly: " + report.problems());
      }
    }
    return db;
  }

  /**
   * What a store holds that the paths must agree on: edges with counts and times, label sets,
   * namespace labels.
   */
  static List<String> contents(Path db) {
    try (Store store = Store.open(db)) {
      List<String> out = new ArrayList<>();
      for (ObservedConnection c : store.edges().connections(List.of())) {
        out.add(
            c.edgeKey()
                + " count="
                + c.count()
                + " first="
                + c.firstSeenMs()
                + " last="
                + c.lastSeenMs());
      }
      new TreeMap<>(store.edges().workloadLabelSets())
          .forEach((k, v) -> out.add("labels " + k + " " + v));
      new TreeMap<>(store.edges().namespaceLabels())
          .forEach((k, v) -> out.add("namespace " + k + " " + v));
      return out;
    }
  }

  /** One record in its own message, after the key's pending batch so the key's order is kept. */
  private static void single(
      List<KafkaBroker.Message> out, Map<String, List<String>> pending, String key, byte[] value) {
    List<String> lines = pending.remove(key);
    if (lines != null) {
      out.add(message(key, String.join("\n", lines)));
    }
    out.add(new KafkaBroker.Message(bytes(key), value));
  }

  private static void batch(
      List<KafkaBroker.Message> out, Map<String, List<String>> pending, String key, String line) {
    List<String> lines = pending.computeIfAbsent(key, k -> new ArrayList<>());
    lines.add(line);
    if (lines.size() == BATCH_LINES) {
      out.add(message(key, String.join("\n", lines)));
      pending.remove(key);
    }
  }

  private static KafkaBroker.Message message(String key, String value) {
    return new KafkaBroker.Message(bytes(key), value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String fluentBit(String line) {
    ObjectNode o = JSON.createObjectNode();
    o.put("@timestamp", 1795168800.123);
    o.put("log", line);
    return o.toString();
  }

  /**
   * What Fluent Bit's JSON parser and collectors/fluent-bit/netpol-key.lua send: the record plus
   * two fields.
   */
  static String parsedByShipper(JsonNode tree, String key) {
    ObjectNode o = tree.deepCopy();
    o.put("@timestamp", "2026-11-20T10:00:00.123Z");
    o.put("netpol_key", key);
    return o.toString();
  }

  static String vector(String line) {
    ObjectNode o = JSON.createObjectNode();
    o.put("file", "/var/log/calico/flowlogs/flows.log");
    o.put("host", "worker-1");
    o.put("message", line);
    o.put("source_type", "file");
    o.put("timestamp", "2026-11-20T10:00:00.123Z");
    return o.toString();
  }

  /** The Hubble exporter's JSON as the binary message Hubble's gRPC API sends. */
  static byte[] protobuf(JsonNode tree, boolean response) throws IOException {
    ObjectNode copy = tree.deepCopy();
    ObjectNode flow = (ObjectNode) copy.get("flow");
    // JSON renders these as enum names; our wire-compatible subset reads them as numbers.
    flow.remove("drop_reason_desc");
    if (flow.get("IP") instanceof ObjectNode ip) {
      ip.remove("ipVersion");
    }
    JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    if (response) {
      GetFlowsResponse.Builder b = GetFlowsResponse.newBuilder();
      parser.merge(copy.toString(), b);
      return b.build().toByteArray();
    }
    Flow.Builder b = Flow.newBuilder();
    parser.merge(flow.toString(), b);
    return b.build().toByteArray();
  }

  private static String hubbleNode(JsonNode tree) {
    JsonNode flow = tree.has("flow") ? tree.get("flow") : tree;
    return flow.path("node_name").asText(tree.path("node_name").asText("unknown"));
  }

  private static String hubbleConnection(JsonNode tree) {
    JsonNode flow = tree.has("flow") ? tree.get("flow") : tree;
    JsonNode l4 = flow.path("l4");
    JsonNode ports =
        l4.has("TCP") ? l4.get("TCP") : l4.has("UDP") ? l4.get("UDP") : l4.path("SCTP");
    String a = flow.path("IP").path("source").asText() + ":" + ports.path("source_port").asText();
    String b =
        flow.path("IP").path("destination").asText()
            + ":"
            + ports.path("destination_port").asText();
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  private static String calicoReporter(JsonNode tree) {
    return "src".equals(tree.path("reporter").asText())
        ? tree.path("source_name").asText()
        : tree.path("dest_name").asText();
  }

  private static String calicoConnection(JsonNode tree) {
    return tree.path("source_name_aggr").asText()
        + ">"
        + tree.path("dest_name_aggr").asText()
        + ":"
        + tree.path("dest_port").asText();
  }
}
