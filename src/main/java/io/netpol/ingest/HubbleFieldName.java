package io.netpol.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The JSON field names {@link HubbleLineScanner} acts on, found from their bytes. */
enum HubbleFieldName {
  // The top level of a record.
  FLOW("flow"),
  LOST_EVENTS("lost_events"),
  AGENT_EVENT("agent_event"),
  DEBUG_EVENT("debug_event"),
  NODE_STATUS("node_status"),
  LOST_EVENTS_CAMEL("lostEvents"),
  AGENT_EVENT_CAMEL("agentEvent"),
  DEBUG_EVENT_CAMEL("debugEvent"),
  NODE_STATUS_CAMEL("nodeStatus"),
  LOG("log"),
  MESSAGE("message"),
  KEY("Key"),
  KEY_LOWER("key"),
  START_TIME("start_time"),
  START_TIME_CAMEL("startTime"),
  SOURCE_NAME_AGGR("source_name_aggr"),
  REPORTER("reporter"),
  // Flow.
  TIME("time", true),
  VERDICT("verdict", true),
  IP("IP", true),
  L4("l4", true),
  SOURCE("source", true),
  DESTINATION("destination", true),
  NODE_NAME("node_name", true),
  SOURCE_NAMES("source_names", true),
  DESTINATION_NAMES("destination_names", true),
  REPLY("reply", true),
  IS_REPLY("is_reply", true),
  TRAFFIC_DIRECTION("traffic_direction", true),
  DROP_REASON_DESC("drop_reason_desc", true),
  TYPE("Type", true),
  EVENT_TYPE("event_type", true),
  UUID("uuid", true),
  L7("l7", true),
  ETHERNET("ethernet", true),
  // Endpoint, workload.
  IDENTITY("identity"),
  NAMESPACE("namespace"),
  POD_NAME("pod_name"),
  LABELS("labels"),
  WORKLOADS("workloads"),
  NAME("name"),
  KIND("kind"),
  // Layer 4.
  SOURCE_PORT("source_port"),
  DESTINATION_PORT("destination_port"),
  FLAGS("flags"),
  SYN("SYN"),
  ACK("ACK"),
  /** Any other name. */
  OTHER("");

  final String text;

  /** A field of a Flow (the top level of a record holding one makes it a Hubble flow). */
  final boolean flowField;

  private final byte[] bytes;

  /** The name's first and second eight bytes, as {@link #word} reads them. */
  private final long first;

  private final long second;

  HubbleFieldName(String text) {
    this(text, false);
  }

  HubbleFieldName(String text, boolean flowField) {
    this.text = text;
    this.flowField = flowField;
    this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    this.first = bytewise(bytes, 0, Math.min(8, bytes.length));
    this.second = bytewise(bytes, 8, Math.min(8, bytes.length - 8));
  }

  private static long bytewise(byte[] b, int from, int n) {
    long w = 0;
    for (int i = n - 1; i >= 0; i--) {
      w = (w << 8) | (b[from + i] & 0xff);
    }
    return w;
  }

  /** The bytes of {@code b[from, min(from + 8, to))} in a long, little-endian, zero above. */
  private static long word(byte[] b, int from, int to) {
    int n = Math.min(8, to - from);
    if (n <= 0) {
      return 0;
    }
    if (from + 8 <= b.length) {
      long w = ByteWords.at(b, from);
      return n == 8 ? w : w & ((1L << (8 * n)) - 1);
    }
    return bytewise(b, from, n);
  }

  private static final HubbleFieldName[][] BY_LENGTH = new HubbleFieldName[20][];

  static {
    for (int n = 0; n < BY_LENGTH.length; n++) {
      int length = n;
      BY_LENGTH[n] =
          Arrays.stream(values())
              .filter(f -> f != OTHER && f.bytes.length == length)
              .toArray(HubbleFieldName[]::new);
    }
  }

  /**
   * The name written in {@code b[from, to)}; {@link #OTHER} when it is none of these. Compares
   * eight bytes at a time: names are short, and there is one in every few bytes of a record.
   */
  static HubbleFieldName of(byte[] b, int from, int to) {
    int n = to - from;
    if (n >= BY_LENGTH.length || n == 0) {
      return OTHER;
    }
    long first = word(b, from, to);
    for (HubbleFieldName f : BY_LENGTH[n]) {
      if (f.first == first
          && (n <= 8 || f.second == word(b, from + 8, to))
          && (n <= 16 || Arrays.equals(f.bytes, 16, n, b, from + 16, to))) {
        return f;
      }
    }
    return OTHER;
  }
}
