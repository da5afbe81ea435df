package io.netpol.ingest;

import static io.netpol.ingest.JsonBytes.UNSURE;

import io.netpol.flow.LabelLimits;
import io.netpol.flow.Protocol;
import io.netpol.ingest.HubbleJsonParser.Shape;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a Hubble JSON line straight from its bytes, giving exactly what {@link HubbleJsonParser}
 * gives with labels: the same fields, the same rules for repeated and unexpected fields. It reads
 * only the plain JSON exporters write, which is nearly every line; any line it is not sure of
 * (malformed JSON, escapes or non-ASCII text in strings, numbers or value types where exporters
 * write none) it leaves to that parser, which then reads it or says what is wrong.
 *
 * <p>Exports repeat the same endpoint objects (the same pod, labels and workload) on most lines: an
 * endpoint whose bytes were read before is not read again ({@link BytesMemo}, which compares every
 * byte; the object ends where the remembered bytes end), and every flow that carries it shares one
 * {@link RawFlow.RawEndpoint}, marked {@link RawFlow.RawEndpoint#shared read-only}. Short values
 * (addresses, node names, verdicts) share their strings the same way.
 *
 * <p>One instance per thread: it keeps the record being read and its memories.
 */
final class HubbleLineScanner {

  /**
   * Returned by the scanning steps at a closing brace or bracket; {@link #closedAt} is after it.
   */
  private static final int CLOSED = -2;

  private static final int MAX_SHARED_TEXT = 64;

  private final LabelLimits labelLimits;
  private final BytesMemo<RawFlow.RawEndpoint> endpoints = new BytesMemo<>(1024, 4096);
  private final BytesMemo.Hit<RawFlow.RawEndpoint> hit = new BytesMemo.Hit<>();
  private final BytesMemo<String> texts = new BytesMemo<>(256, MAX_SHARED_TEXT);

  /** The field name that made a record {@link Shape#NON_FLOW}. */
  String nonFlowKind;

  /**
   * Whether a shipper's wrapper field ({@code log}, {@code message}) made it {@link Shape#FOREIGN}.
   */
  boolean wrapper;

  private byte[] b;
  private int end;
  private RawFlow out;
  private int closedAt;
  private int nameStart;
  private int nameEnd;
  private String text;
  private Boolean bool;
  private long integer;

  HubbleLineScanner(LabelLimits labelLimits) {
    this.labelLimits = labelLimits;
  }

  /**
   * Reads the record {@code buf[off, off + len)} into {@code into}, a fresh flow without endpoints
   * ({@link RawFlow.RawEndpoint#ABSENT}).
   *
   * @return what {@link HubbleJsonParser#parse} returns for the record, or null when the record is
   *     left to it ({@code into} then holds part of the record and is to be thrown away)
   */
  Shape scan(byte[] buf, int off, int len, RawFlow into) {
    this.b = buf;
    this.end = off + len;
    this.out = into;
    nonFlowKind = null;
    wrapper = false;
    sawFlowField = false;
    int p = JsonBytes.ws(b, off, end);
    if (p >= end || b[p] != '{') {
      return null;
    }
    p = object(p, topFields);
    if (p == FOREIGN) {
      return Shape.FOREIGN;
    }
    if (p == UNSURE) {
      return null;
    }
    // What follows the record's object is not read (as Jackson, which stops there).
    if (nonFlowKind != null) {
      return Shape.NON_FLOW;
    }
    return sawFlowField ? Shape.FLOW : Shape.FOREIGN;
  }

  /** Reads the value of one field at {@code v}; returns the position after it, or a stop. */
  private interface Fields {
    int read(HubbleFieldName name, int v);
  }

  /** Reads an element of an array at {@code p}; returns the position after it, or a stop. */
  private interface Elements {
    int read(int p);
  }

  /** What {@link #topFields} returns at a field of another format: the record is not Hubble's. */
  private static final int FOREIGN = -3;

  private boolean sawFlowField;

  private final Fields topFields = this::topField;
  private final Fields flowFields = this::flowField;
  private final Fields ipFields = this::ipField;
  private final Fields l4Fields = this::l4Field;
  private final Fields portFields = this::portField;
  private final Fields flagFields = this::flagField;
  private final Fields endpointFields = this::endpointField;
  private final Fields workloadFields = this::workloadField;
  private final Elements workloads = this::workload;
  private final Elements dnsNames = this::dnsName;
  private final Elements labels = this::label;

  /**
   * The fields of the object at {@code v} (its opening brace), each read by {@code fields}; returns
   * the position after the object, or the first stop (a negative value) a field gave.
   */
  private int object(int v, Fields fields) {
    int p;
    for (p = open(v, '}'); p != CLOSED; p = following(p, '}')) {
      int value = name(p);
      if (value == UNSURE) {
        return UNSURE;
      }
      p = fields.read(HubbleFieldName.of(b, nameStart, nameEnd), value);
      if (p < 0) {
        return p;
      }
    }
    return closedAt;
  }

  /** The same for the elements of the array at {@code v}. */
  private int array(int v, Elements elements) {
    int p;
    for (p = open(v, ']'); p != CLOSED; p = following(p, ']')) {
      if (p == UNSURE) {
        return UNSURE;
      }
      p = elements.read(p);
      if (p < 0) {
        return p;
      }
    }
    return closedAt;
  }

  private int topField(HubbleFieldName field, int v) {
    switch (field) {
      case FLOW:
        if (b[v] == '{') {
          sawFlowField = true;
          return object(v, flowFields);
        }
        return JsonBytes.skipValue(b, v, end);
      case LOST_EVENTS,
      AGENT_EVENT,
      DEBUG_EVENT,
      NODE_STATUS,
      LOST_EVENTS_CAMEL,
      AGENT_EVENT_CAMEL,
      DEBUG_EVENT_CAMEL,
      NODE_STATUS_CAMEL:
        nonFlowKind = field.text;
        return JsonBytes.skipValue(b, v, end);
      case LOG, MESSAGE, KEY, KEY_LOWER, START_TIME, START_TIME_CAMEL, SOURCE_NAME_AGGR, REPORTER:
        wrapper = field == HubbleFieldName.LOG || field == HubbleFieldName.MESSAGE;
        // Jackson has read the value's first token when it decides; these are all it accepts
        // without reading further.
        return b[v] == '"' || b[v] == '{' || b[v] == '[' ? FOREIGN : UNSURE;
      default:
        sawFlowField |= field.flowField;
        return flowField(field, v);
    }
  }

  /** One field of a Flow (or of the record's top level, which old exports use for them). */
  private int flowField(HubbleFieldName field, int v) {
    int p;
    switch (field) {
      case TIME:
        if (out.timeMs == Long.MIN_VALUE && b[v] == '"') {
          int close = JsonBytes.stringEnd(b, v, end);
          if (close == UNSURE) {
            return UNSURE;
          }
          long millis = Timestamps.rfc3339MillisOrInvalid(b, v + 1, close);
          if (millis == Timestamps.INVALID) {
            return UNSURE; // Jackson's path says what is wrong with it
          }
          out.timeMs = millis;
          return close + 1;
        }
        return JsonBytes.skipValue(b, v, end);
      case VERDICT:
        p = textValue(v);
        out.verdict = text;
        return p;
      case IP:
        return b[v] == '{' ? object(v, ipFields) : JsonBytes.skipValue(b, v, end);
      case L4:
        return b[v] == '{' ? object(v, l4Fields) : JsonBytes.skipValue(b, v, end);
      case SOURCE:
        return endpoint(v, true);
      case DESTINATION:
        return endpoint(v, false);
      case NODE_NAME:
        p = textValue(v);
        out.nodeName = text;
        return p;
      case SOURCE_NAMES:
        return strings(v, out.sourceNames);
      case DESTINATION_NAMES:
        return strings(v, out.destinationNames);
      case REPLY:
        p = boolValue(v);
        out.reply = bool;
        return p;
      case IS_REPLY:
        p = boolValue(v);
        out.isReply = bool;
        return p;
      case TRAFFIC_DIRECTION:
        p = textValue(v);
        out.trafficDirection = text;
        return p;
      case DROP_REASON_DESC:
        p = textValue(v);
        out.dropReason = text;
        return p;
      default:
        return JsonBytes.skipValue(b, v, end);
    }
  }

  private int ipField(HubbleFieldName field, int v) {
    int p;
    switch (field) {
      case SOURCE:
        p = textValue(v);
        out.srcIp = text;
        return p;
      case DESTINATION:
        p = textValue(v);
        out.dstIp = text;
        return p;
      default:
        return JsonBytes.skipValue(b, v, end);
    }
  }

  /** A protocol of layer 4, by its field's name (the one {@link #name} read last). */
  private int l4Field(HubbleFieldName field, int v) {
    Protocol protocol = protocol(nameStart, nameEnd);
    if (protocol == null || b[v] != '{') {
      return JsonBytes.skipValue(b, v, end);
    }
    out.protocol = protocol;
    return object(v, portFields);
  }

  /** {@link Protocol#parse} of a layer-4 field's name, without a string for the usual ones. */
  private Protocol protocol(int from, int to) {
    if (to - from == 3 && b[from + 2] == 'P') {
      if (b[from] == 'T' && b[from + 1] == 'C') {
        return Protocol.TCP;
      }
      if (b[from] == 'U' && b[from + 1] == 'D') {
        return Protocol.UDP;
      }
    }
    return Protocol.parse(sharedText(from, to));
  }

  private int portField(HubbleFieldName field, int v) {
    int p;
    switch (field) {
      case SOURCE_PORT:
        p = integerValue(v, 9);
        out.srcPort = (int) integer;
        return p;
      case DESTINATION_PORT:
        p = integerValue(v, 9);
        out.dstPort = (int) integer;
        return p;
      case FLAGS:
        if (b[v] != '{') {
          return JsonBytes.skipValue(b, v, end);
        }
        out.syn = Boolean.FALSE;
        out.ack = Boolean.FALSE;
        return object(v, flagFields);
      default:
        return JsonBytes.skipValue(b, v, end);
    }
  }

  private int flagField(HubbleFieldName flag, int v) {
    if (flag == HubbleFieldName.SYN || flag == HubbleFieldName.ACK) {
      if (b[v] == '{' || b[v] == '[') {
        return UNSURE; // Jackson's parser would take the container's content for flags
      }
      Boolean set = JsonBytes.isTrue(b, v, end);
      if (flag == HubbleFieldName.SYN) {
        out.syn = set;
      } else {
        out.ack = set;
      }
    }
    return JsonBytes.skipValue(b, v, end);
  }

  /** An endpoint object, read once per distinct bytes. */
  private int endpoint(int v, boolean source) {
    if (b[v] != '{') {
      return JsonBytes.skipValue(b, v, end);
    }
    if ((source ? out.source : out.destination).present) {
      return UNSURE; // a second object adds to the first in Jackson's parser
    }
    long hash = BytesMemo.prefixHash(b, v, end);
    BytesMemo.Hit<RawFlow.RawEndpoint> hit = endpoints.startOf(b, v, end, hash, this.hit);
    RawFlow.RawEndpoint ep;
    int close;
    if (hit != null) {
      ep = hit.value;
      close = v + hit.length;
    } else {
      ep = new RawFlow.RawEndpoint();
      ep.present = true;
      reading = ep;
      close = object(v, endpointFields);
      if (close == UNSURE) {
        return UNSURE;
      }
      endpoints.put(b, v, close, hash, ep.share());
    }
    if (source) {
      out.source = ep;
    } else {
      out.destination = ep;
    }
    return close;
  }

  /** The endpoint {@link #endpointFields} fill. */
  private RawFlow.RawEndpoint reading;

  private int endpointField(HubbleFieldName field, int v) {
    int p;
    switch (field) {
      case IDENTITY:
        p = integerValue(v, 18);
        reading.identity = integer;
        return p;
      case NAMESPACE:
        p = textValue(v);
        reading.namespace = text;
        return p;
      case POD_NAME:
        p = textValue(v);
        reading.podName = text;
        return p;
      case LABELS:
        return b[v] == '[' ? array(v, labels) : JsonBytes.skipValue(b, v, end);
      case WORKLOADS:
        return b[v] == '[' ? array(v, workloads) : JsonBytes.skipValue(b, v, end);
      default:
        return JsonBytes.skipValue(b, v, end);
    }
  }

  /** A label, kept up to the limits; the rest are counted, never materialised. */
  private int label(int p) {
    if (b[p] != '"') {
      return JsonBytes.skipValue(b, p, end);
    }
    int close = JsonBytes.stringEnd(b, p, end);
    if (close == UNSURE) {
      return UNSURE;
    }
    if (reading.labelsCut.admits(labelLimits, reading.labels.size(), close - p - 1)) {
      reading.labels.add(new String(b, p + 1, close - p - 1, StandardCharsets.ISO_8859_1));
    }
    return close + 1;
  }

  private String workloadName;
  private String workloadKind;

  private int workload(int p) {
    if (b[p] != '{') {
      return UNSURE; // Jackson's parser stops reading workloads there, mid-array
    }
    workloadName = null;
    workloadKind = null;
    p = object(p, workloadFields);
    if (reading.workloadName == null && workloadName != null && !workloadName.isEmpty()) {
      reading.workloadName = workloadName;
      reading.workloadKind = workloadKind;
    }
    return p;
  }

  private int workloadField(HubbleFieldName field, int v) {
    int p;
    switch (field) {
      case NAME:
        p = textValue(v);
        workloadName = text;
        return p;
      case KIND:
        p = textValue(v);
        workloadKind = text;
        return p;
      default:
        return JsonBytes.skipValue(b, v, end);
    }
  }

  /** The strings of the array at {@code v} into {@code into}, other values skipped. */
  private int strings(int v, List<String> into) {
    if (b[v] != '[') {
      return JsonBytes.skipValue(b, v, end);
    }
    collecting = into;
    return array(v, dnsNames);
  }

  private List<String> collecting;

  private int dnsName(int p) {
    if (b[p] != '"') {
      return JsonBytes.skipValue(b, p, end);
    }
    int close = JsonBytes.stringEnd(b, p, end);
    if (close == UNSURE) {
      return UNSURE;
    }
    collecting.add(sharedText(p + 1, close));
    return close + 1;
  }

  /** A string or null, into {@link #text} (Jackson's {@code getValueAsString}). */
  private int textValue(int v) {
    if (b[v] == '"') {
      int close = JsonBytes.stringEnd(b, v, end);
      if (close == UNSURE) {
        return UNSURE;
      }
      text = sharedText(v + 1, close);
      return close + 1;
    }
    if (JsonBytes.isNull(b, v, end)) {
      text = null;
      return v + 4;
    }
    return UNSURE; // numbers and booleans as text, containers unread: Jackson's
  }

  /** true or false; null for other scalars and arrays (Jackson's parser skips them). */
  private int boolValue(int v) {
    if (JsonBytes.isTrue(b, v, end)) {
      bool = Boolean.TRUE;
      return v + 4;
    }
    if (JsonBytes.isFalse(b, v, end)) {
      bool = Boolean.FALSE;
      return v + 5;
    }
    if (b[v] == '{') {
      return UNSURE; // a BoolValue object: Jackson's
    }
    bool = null;
    return JsonBytes.skipValue(b, v, end);
  }

  /** An integer of at most {@code maxDigits} digits into {@link #integer}. */
  private int integerValue(int v, int maxDigits) {
    int after = JsonBytes.number(b, v, end);
    if (after == UNSURE) {
      return UNSURE;
    }
    integer = JsonBytes.plainInteger(b, v, after, maxDigits);
    return integer == Long.MIN_VALUE ? UNSURE : after;
  }

  /** The text of {@code b[from, to)} (printable ASCII), one string per distinct short value. */
  private String sharedText(int from, int to) {
    if (to - from > MAX_SHARED_TEXT) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
    long hash = BytesMemo.hash(b, from, to);
    String s = texts.get(b, from, to, hash);
    if (s == null) {
      s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
      texts.put(b, from, to, hash, s);
    }
    return s;
  }

  /**
   * At an opening {@code {} or {@code [} : the position of the first field or element, or {@link
   * #CLOSED} when the container is empty.
   */
  private int open(int v, char close) {
    int p = JsonBytes.ws(b, v + 1, end);
    if (p < end && b[p] == close) {
      closedAt = p + 1;
      return CLOSED;
    }
    return p < end ? p : UNSURE;
  }

  /**
   * After a field's or an element's value: the position of the next one, or {@link #CLOSED} at the
   * container's end; {@code UNSURE} stays {@code UNSURE}.
   */
  private int following(int p, char close) {
    if (p == UNSURE) {
      return UNSURE;
    }
    p = JsonBytes.ws(b, p, end);
    if (p < end) {
      if (b[p] == ',') {
        p = JsonBytes.ws(b, p + 1, end);
        return p < end ? p : UNSURE;
      }
      if (b[p] == close) {
        closedAt = p + 1;
        return CLOSED;
      }
    }
    return UNSURE;
  }

  /**
   * At a field's name: reads it ({@link #nameStart}, {@link #nameEnd}); returns its value's place.
   */
  private int name(int p) {
    if (p == UNSURE || b[p] != '"') {
      return UNSURE;
    }
    int close = JsonBytes.stringEnd(b, p, end);
    if (close == UNSURE) {
      return UNSURE;
    }
    nameStart = p + 1;
    nameEnd = close;
    int v = JsonBytes.colon(b, close + 1, end);
    return v < end ? v : UNSURE;
  }
}
