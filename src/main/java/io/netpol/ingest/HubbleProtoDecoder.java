package io.netpol.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.Protocol;
import io.netpol.proto.hubble.Endpoint;
import io.netpol.proto.hubble.Flow;
import io.netpol.proto.hubble.GetFlowsResponse;
import io.netpol.proto.hubble.Layer4;
import io.netpol.proto.hubble.Workload;
import java.io.IOException;

/**
 * Decodes binary Hubble exports: a stream of varint-length-delimited {@code flow.Flow} or {@code
 * observer.GetFlowsResponse} messages. Both start with field 1 as a nested message (the Flow's
 * time, the response's flow), so the first message of a stream decides which one it is.
 */
final class HubbleProtoDecoder {

  private final LabelLimits labelLimits;
  private Boolean wrapped;

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

  private boolean decode(byte[] message, RawFlow out, boolean wrapped) {
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
          return !isTimestamp(in.readBytes().toByteArray());
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

  private static boolean isTimestamp(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
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
