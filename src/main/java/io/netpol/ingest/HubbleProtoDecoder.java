package io.netpol.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.Protocol;
import io.netpol.proto.hubble.Endpoint;
import io.netpol.proto.hubble.Flow;
import io.netpol.proto.hubble.GetFlowsResponse;
import io.netpol.proto.hubble.Layer4;
import io.netpol.proto.hubble.Verdict;
import io.netpol.proto.hubble.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes binary Hubble exports: a stream of varint-length-delimited {@code flow.Flow} or {@code
 * observer.GetFlowsResponse} messages. Both start with field 1 as a nested message (the Flow's
 * time, the response's flow), so the first message of a stream decides which one it is.
 *
 * <p>A message is read field by field with protobuf's {@link CodedInputStream}, only the fields
 * that matter taken, and its endpoints remembered by their bytes ({@link BytesMemo}): exports
 * repeat the same source and destination on most messages, whose labels are most of a message. A
 * message of a shape that field-by-field reading does not take as the generated classes would (a
 * message field or oneof given twice, which protobuf merges; a field of an unexpected wire type;
 * groups) is read with the generated classes instead ({@link #reference}), which decide every
 * message alike.
 *
 * <p>One instance per thread: its memories are not shared.
 */
final class HubbleProtoDecoder {

  private final LabelLimits labelLimits;
  private Boolean wrapped;

  /** Endpoints by the bytes of their message, read-only ({@link RawFlow.RawEndpoint#shared}). */
  private final BytesMemo<RawFlow.RawEndpoint> endpoints = new BytesMemo<>(1024, 4096);

  /** Addresses and node names by their bytes. */
  private final BytesMemo<String> texts = new BytesMemo<>(512, 64);

  /** Messages left to the generated classes (tests). */
  long referenceReads;

  HubbleProtoDecoder(LabelLimits labelLimits) {
    this.labelLimits = labelLimits;
  }

  /** Decodes one message of a stream into {@code out}; returns false for non-flow responses. */
  boolean decode(byte[] message, RawFlow out) {
    if (wrapped == null) {
      wrapped = looksLikeResponse(message);
    }
    return decode(message, out, wrapped);
  }

  /**
   * Decodes a message that stands alone (one per Kafka record), deciding for this message alone
   * whether it is a Flow or a GetFlowsResponse.
   */
  static final String INVALID_MESSAGE = "not a valid Hubble protobuf message";

  boolean decodeOne(byte[] message, RawFlow out) {
    return decode(message, out, looksLikeResponse(message));
  }

  /** Decodes a message known to be a GetFlowsResponse or a Flow. */
  boolean decode(byte[] message, RawFlow out, boolean wrapped) {
    try {
      int read = fast(message, wrapped, out);
      if (read != FALLBACK) {
        return read == FLOW;
      }
    } catch (IOException e) {
      // What the generated classes say of the message decides (an array is read: no I/O).
    }
    referenceReads++;
    out.reset();
    return reference(message, out, wrapped);
  }

  /** Reads {@code message} with the generated classes. */
  boolean reference(byte[] message, RawFlow out, boolean wrapped) {
    try {
      Flow flow;
      if (wrapped) {
        GetFlowsResponse response = GetFlowsResponse.parseFrom(message);
        if (!response.hasFlow()) {
          return false;
        }
        flow = response.getFlow();
      } else {
        flow = Flow.parseFrom(message);
      }
      fill(flow, out);
      return true;
    } catch (InvalidProtocolBufferException e) {
      // The library's own words (wire types, tags) mean nothing to the reader of the message.
      throw new MalformedRecordException(INVALID_MESSAGE);
    }
  }

  private static final int FALLBACK = -1;
  private static final int NOT_FLOW = 0;
  private static final int FLOW = 1;

  /**
   * Reads {@code message} field by field: {@link #FLOW} or {@link #NOT_FLOW} as the generated
   * classes would decide, or {@link #FALLBACK} for a shape left to them.
   */
  private int fast(byte[] m, boolean wrapped, RawFlow out) throws IOException {
    if (!wrapped) {
      return flow(m, 0, m.length, out);
    }
    CodedInputStream in = CodedInputStream.newInstance(m);
    int flowAt = -1;
    int flowLength = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int type = WireFormat.getTagWireType(tag);
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          if (type != WireFormat.WIRETYPE_LENGTH_DELIMITED || flowAt >= 0) {
            return FALLBACK;
          }
          flowLength = in.readRawVarint32();
          flowAt = in.getTotalBytesRead();
          in.skipRawBytes(flowLength);
        }
        case 1000 -> {
          if (type != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            return FALLBACK;
          }
          in.readStringRequireUtf8();
        }
        case 1001 -> {
          if (type != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            return FALLBACK;
          }
          if (!skipMessage(in)) {
            return FALLBACK;
          }
        }
        case 2, 3 -> {
          return FALLBACK; // a node status or lost events: rare, and a oneof with the flow
        }
        default -> {
          if (!skipPlain(in, tag)) {
            return FALLBACK;
          }
        }
      }
    }
    return flowAt < 0 ? NOT_FLOW : flow(m, flowAt, flowLength, out);
  }

  /**
   * Skips a nested message whose fields are not read (a timestamp, an event type), checking its
   * fields as the generated classes would; false for one with groups.
   */
  private static boolean skipMessage(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (!skipPlain(in, tag)) {
        return false;
      }
    }
    in.popLimit(limit);
    return true;
  }

  // Message fields of a Flow seen so far, as bits: each may be given once.
  private static final int TIME = 1;
  private static final int IP = 1 << 1;
  private static final int L4 = 1 << 2;
  private static final int SOURCE = 1 << 3;
  private static final int DESTINATION = 1 << 4;
  private static final int EVENT_TYPE = 1 << 5;
  private static final int IS_REPLY = 1 << 6;

  /** Reads the Flow {@code m[off, off + length)} into {@code out}. */
  private int flow(byte[] m, int off, int length, RawFlow out) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(m, off, length);
    int seen = 0;
    int verdict = 0;
    long seconds = 0;
    int nanos = 0;
    String srcIp = "";
    String dstIp = "";
    String node = "";
    boolean reply = false;
    boolean isReply = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int type = WireFormat.getTagWireType(tag);
      int bit =
          switch (field) {
            case 1 -> TIME;
            case 5 -> IP;
            case 6 -> L4;
            case 8 -> SOURCE;
            case 9 -> DESTINATION;
            case 19 -> EVENT_TYPE;
            case 26 -> IS_REPLY;
            default -> 0;
          };
      if ((seen & bit) != 0 || !expected(field, type)) {
        return FALLBACK; // merged by protobuf, or a field of another type
      }
      seen |= bit;
      switch (field) {
        case 1 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          int t;
          while ((t = in.readTag()) != 0) {
            switch (t) {
              case (1 << 3) | WireFormat.WIRETYPE_VARINT -> seconds = in.readInt64();
              case (2 << 3) | WireFormat.WIRETYPE_VARINT -> nanos = in.readInt32();
              default -> {
                if (!skipPlain(in, t)) {
                  return FALLBACK;
                }
              }
            }
          }
          in.popLimit(limit);
        }
        case 2 -> verdict = in.readEnum();
        case 5 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          int t;
          while ((t = in.readTag()) != 0) {
            switch (t) {
              case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                  srcIp = text(in, m, off, off + length);
              case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                  dstIp = text(in, m, off, off + length);
              case (3 << 3) | WireFormat.WIRETYPE_VARINT -> in.readInt32();
              default -> {
                if (!skipPlain(in, t)) {
                  return FALLBACK;
                }
              }
            }
          }
          in.popLimit(limit);
        }
        case 6 -> {
          if (!layer4(in, out)) {
            return FALLBACK;
          }
        }
        case 8, 9 -> {
          int size = in.readRawVarint32();
          int at = off + in.getTotalBytesRead();
          if (size < 0 || at + size > off + length) {
            return FALLBACK; // the generated classes say what is wrong
          }
          in.skipRawBytes(size);
          RawFlow.RawEndpoint e = endpoint(m, at, size);
          if (field == 8) {
            out.source = e;
          } else {
            out.destination = e;
          }
        }
        case 11 -> node = text(in, m, off, off + length);
        case 13 -> out.sourceNames.add(in.readStringRequireUtf8());
        case 14 -> out.destinationNames.add(in.readStringRequireUtf8());
        case 16 -> reply = in.readBool();
        case 19 -> {
          if (!skipMessage(in)) {
            return FALLBACK;
          }
        }
        case 26 -> {
          int limit = in.pushLimit(in.readRawVarint32());
          int t;
          while ((t = in.readTag()) != 0) {
            if (t == ((1 << 3) | WireFormat.WIRETYPE_VARINT)) {
              isReply = in.readBool();
            } else if (!skipPlain(in, t)) {
              return FALLBACK;
            }
          }
          in.popLimit(limit);
        }
        case 10, 22, 25 -> in.readInt32();
        case 34 -> in.readStringRequireUtf8();
        default -> {
          if (!skipPlain(in, tag)) {
            return FALLBACK;
          }
        }
      }
    }
    if ((seen & TIME) != 0) {
      out.timeMs = seconds * 1000L + nanos / 1_000_000;
    }
    if (verdict != 0) {
      Verdict known = Verdict.forNumber(verdict);
      out.verdict = known == null ? Integer.toString(verdict) : known.name();
    }
    if ((seen & IP) != 0) {
      out.srcIp = emptyToNull(srcIp);
      out.dstIp = emptyToNull(dstIp);
    }
    if ((seen & IS_REPLY) != 0) {
      out.isReply = isReply;
    } else if (reply) {
      out.reply = Boolean.TRUE;
    }
    out.nodeName = emptyToNull(node);
    return FLOW;
  }

  /**
   * Whether a Flow field of ours comes with the wire type its declaration gives it (any other field
   * is skipped, {@link #skipPlain}).
   */
  private static boolean expected(int field, int type) {
    return switch (field) {
      case 2, 10, 16, 22, 25 -> type == WireFormat.WIRETYPE_VARINT;
      case 1, 5, 6, 8, 9, 11, 13, 14, 19, 26, 34 -> type == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      default -> true;
    };
  }

  /** Skips an unknown field; false for a group, left to the generated classes. */
  private static boolean skipPlain(CodedInputStream in, int tag) throws IOException {
    int type = WireFormat.getTagWireType(tag);
    if (type == WireFormat.WIRETYPE_START_GROUP || type == WireFormat.WIRETYPE_END_GROUP) {
      return false;
    }
    in.skipField(tag);
    return true;
  }

  /** Reads a Layer4 message: the ports of its one protocol; false for another shape. */
  private static boolean layer4(CodedInputStream in, RawFlow out) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    Protocol protocol = null;
    int src = 0;
    int dst = 0;
    boolean cased = false;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int type = WireFormat.getTagWireType(tag);
      if (field >= 1 && field <= 5) {
        if (cased || type != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          return false; // a oneof given twice: protobuf's merge decides
        }
        cased = true;
        protocol =
            switch (field) {
              case 1 -> Protocol.TCP;
              case 2 -> Protocol.UDP;
              case 5 -> Protocol.SCTP;
              default -> Protocol.ICMP;
            };
        int inner = in.pushLimit(in.readRawVarint32());
        int t;
        while ((t = in.readTag()) != 0) {
          if (protocol != Protocol.ICMP && t == ((1 << 3) | WireFormat.WIRETYPE_VARINT)) {
            src = in.readUInt32();
          } else if (protocol != Protocol.ICMP && t == ((2 << 3) | WireFormat.WIRETYPE_VARINT)) {
            dst = in.readUInt32();
          } else if (!skipPlain(in, t)) {
            return false;
          }
        }
        in.popLimit(inner);
      } else if (!skipPlain(in, tag)) {
        return false;
      }
    }
    in.popLimit(limit);
    if (protocol != null) {
      out.protocol = protocol;
      if (protocol != Protocol.ICMP) {
        out.srcPort = src;
        out.dstPort = dst;
      }
    }
    return true;
  }

  /**
   * A string field (an address, a node name) at the position of {@code in}, which reads {@code
   * m[off, end)}; remembered by its bytes.
   */
  private String text(CodedInputStream in, byte[] m, int off, int end) throws IOException {
    int size = in.readRawVarint32();
    int at = off + in.getTotalBytesRead();
    int left = in.getBytesUntilLimit() >= 0 ? in.getBytesUntilLimit() : end - at;
    if (size < 0 || size > left) {
      throw new InvalidProtocolBufferException("truncated string");
    }
    long hash = BytesMemo.hash(m, at, at + size);
    String s = texts.get(m, at, at + size, hash);
    if (s == null) {
      if (!ByteString.copyFrom(m, at, size).isValidUtf8()) {
        throw new InvalidProtocolBufferException("invalid UTF-8");
      }
      s = new String(m, at, size, StandardCharsets.UTF_8);
      texts.put(m, at, at + size, hash, s);
    }
    in.skipRawBytes(size);
    return s;
  }

  /** The endpoint {@code m[at, at + size)}, read once for the same bytes. */
  private RawFlow.RawEndpoint endpoint(byte[] m, int at, int size)
      throws InvalidProtocolBufferException {
    long hash = BytesMemo.hash(m, at, at + size);
    RawFlow.RawEndpoint e = endpoints.get(m, at, at + size, hash);
    if (e == null) {
      e = new RawFlow.RawEndpoint();
      endpoint(Endpoint.parser().parseFrom(m, at, size), e);
      e.share();
      endpoints.put(m, at, at + size, hash, e);
    }
    return e;
  }

  /**
   * A response's field 1 holds a Flow (fields 2, 5, 6, 8, ...), a Flow's field 1 holds a Timestamp
   * (only varint fields 1 and 2). Responses also carry node_name (1000) and time (1001).
   */
  static boolean looksLikeResponse(byte[] message) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      int tag;
      while ((tag = in.readTag()) != 0) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == 1000 || field == 1001 || field == 3) {
          return true;
        }
        if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int size = in.readRawVarint32();
          int at = in.getTotalBytesRead();
          return size >= 0
              && size <= message.length - at
              && !isTimestamp(CodedInputStream.newInstance(message, at, size));
        }
        if (field != 1) {
          return false;
        }
        in.skipField(tag);
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isTimestamp(CodedInputStream in) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      if ((field != 1 && field != 2)
          || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_VARINT) {
        return false;
      }
      in.skipField(tag);
    }
    return true;
  }

  private void fill(Flow f, RawFlow out) {
    if (f.hasTime()) {
      out.timeMs = f.getTime().getSeconds() * 1000L + f.getTime().getNanos() / 1_000_000;
    }
    out.verdict = f.getVerdictValue() == 0 ? null : f.getVerdict().name();
    if (f.getVerdict() == io.netpol.proto.hubble.Verdict.UNRECOGNIZED) {
      out.verdict = Integer.toString(f.getVerdictValue());
    }
    if (f.hasIP()) {
      out.srcIp = emptyToNull(f.getIP().getSource());
      out.dstIp = emptyToNull(f.getIP().getDestination());
    }
    if (f.hasL4()) {
      Layer4 l4 = f.getL4();
      switch (l4.getProtocolCase()) {
        case TCP:
          out.protocol = Protocol.TCP;
          out.srcPort = l4.getTCP().getSourcePort();
          out.dstPort = l4.getTCP().getDestinationPort();
          break;
        case UDP:
          out.protocol = Protocol.UDP;
          out.srcPort = l4.getUDP().getSourcePort();
          out.dstPort = l4.getUDP().getDestinationPort();
          break;
        case SCTP:
          out.protocol = Protocol.SCTP;
          out.srcPort = l4.getSCTP().getSourcePort();
          out.dstPort = l4.getSCTP().getDestinationPort();
          break;
        case ICMPV4:
        case ICMPV6:
          out.protocol = Protocol.ICMP;
          break;
        default:
          break;
      }
    }
    endpoint(f.hasSource() ? f.getSource() : null, out.source);
    endpoint(f.hasDestination() ? f.getDestination() : null, out.destination);
    out.sourceNames.addAll(f.getSourceNamesList());
    out.destinationNames.addAll(f.getDestinationNamesList());
    if (f.hasIsReply()) {
      out.isReply = f.getIsReply().getValue();
    } else if (f.getReply()) {
      out.reply = Boolean.TRUE;
    }
    out.nodeName = emptyToNull(f.getNodeName());
  }

  private void endpoint(Endpoint e, RawFlow.RawEndpoint out) {
    if (e == null) {
      return;
    }
    out.present = true;
    out.identity = e.getIdentity();
    out.namespace = emptyToNull(e.getNamespace());
    out.podName = emptyToNull(e.getPodName());
    for (String label : e.getLabelsList()) {
      if (out.labelsCut.admits(labelLimits, out.labels.size(), label.length())) {
        out.labels.add(label);
      }
    }
    for (Workload w : e.getWorkloadsList()) {
      if (!w.getName().isEmpty()) {
        out.workloadName = w.getName();
        out.workloadKind = w.getKind();
        break;
      }
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
