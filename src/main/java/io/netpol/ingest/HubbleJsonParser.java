package io.netpol.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netpol.flow.LabelLimits;
import io.netpol.flow.Protocol;
import java.io.IOException;
import java.util.List;

/**
 * Streams one Hubble JSON record into a {@link RawFlow}, touching only the fields we use. Accepts
 * the exporter / {@code hubble observe -o jsonpb} wrapper ({@code {"flow":{...},"node_name":..}})
 * and the bare Flow object; reports non-flow events and records of another format instead.
 */
final class HubbleJsonParser {

  /** What the top level of a record turned out to be. */
  enum Shape {
    FLOW,
    /** lost_events, agent_event, debug_event, node_status: not traffic. */
    NON_FLOW,
    /** A key of another format (Calico, Goldmane, a shipper wrapper) was found. */
    FOREIGN
  }

  private final JsonFactory factory;
  private final LabelLimits labelLimits;
  String nonFlowKind;

  HubbleJsonParser(JsonFactory factory, LabelLimits labelLimits) {
    this.factory = factory;
    this.labelLimits = labelLimits;
  }

  /**
   * When false, label arrays are skipped unread (see {@link DecodeResult.Outcome#NEEDS_LABELS}).
   */
  private boolean collectLabels;

  Shape parse(byte[] buf, int off, int len, RawFlow out, boolean withLabels) throws IOException {
    nonFlowKind = null;
    collectLabels = withLabels;
    try (JsonParser p = factory.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRecordException("not a JSON object");
      }
      Shape shape = Shape.FLOW;
      boolean sawFlowField = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "flow":
            if (p.currentToken() == JsonToken.START_OBJECT) {
              parseFlow(p, out);
              sawFlowField = true;
            } else {
              p.skipChildren();
            }
            break;
          case "lost_events":
          case "agent_event":
          case "debug_event":
          case "node_status":
          case "lostEvents":
          case "agentEvent":
          case "debugEvent":
          case "nodeStatus":
            nonFlowKind = field;
            shape = Shape.NON_FLOW;
            p.skipChildren();
            break;
          case "log":
          case "message":
          case "Key":
          case "key":
          case "start_time":
          case "startTime":
          case "source_name_aggr":
          case "reporter":
            return Shape.FOREIGN;
          default:
            sawFlowField |= flowField(p, field, out);
        }
      }
      if (shape == Shape.NON_FLOW) {
        return shape;
      }
      if (!sawFlowField) {
        return Shape.FOREIGN;
      }
      return Shape.FLOW;
    }
  }

  private void parseFlow(JsonParser p, RawFlow out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      flowField(p, field, out);
    }
  }

  /** Reads one Flow field at the current value; returns whether it was a Flow field. */
  private boolean flowField(JsonParser p, String field, RawFlow out) throws IOException {
    switch (field) {
      case "time":
        if (out.timeMs == Long.MIN_VALUE && p.currentToken() == JsonToken.VALUE_STRING) {
          out.timeMs = Timestamps.parseRfc3339Millis(p.getText());
        } else {
          p.skipChildren();
        }
        return true;
      case "verdict":
        out.verdict = p.getValueAsString();
        return true;
      case "IP":
        parseIp(p, out);
        return true;
      case "l4":
        parseL4(p, out);
        return true;
      case "source":
        parseEndpoint(p, out.source);
        return true;
      case "destination":
        parseEndpoint(p, out.destination);
        return true;
      case "node_name":
        out.nodeName = p.getValueAsString();
        return true;
      case "source_names":
        readStrings(p, out.sourceNames);
        return true;
      case "destination_names":
        readStrings(p, out.destinationNames);
        return true;
      case "reply":
        out.reply = readBool(p);
        return true;
      case "is_reply":
        out.isReply = readBool(p);
        return true;
      case "traffic_direction":
        out.trafficDirection = p.getValueAsString();
        return true;
      case "drop_reason_desc":
        out.dropReason = p.getValueAsString();
        return true;
      case "Type":
      case "event_type":
      case "uuid":
      case "l7":
      case "ethernet":
        p.skipChildren();
        return true;
      default:
        p.skipChildren();
        return false;
    }
  }

  private static Boolean readBool(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    if (t == JsonToken.START_OBJECT) {
      // google.protobuf.BoolValue rendered as an object by some encoders: {"value": true}
      Boolean value = Boolean.FALSE;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        if ("value".equals(p.currentName())) {
          value = p.currentToken() == JsonToken.VALUE_TRUE;
        } else {
          p.skipChildren();
        }
      }
      return value;
    }
    p.skipChildren();
    return null;
  }

  private static void parseIp(JsonParser p, RawFlow out) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if ("source".equals(field)) {
        out.srcIp = p.getValueAsString();
      } else if ("destination".equals(field)) {
        out.dstIp = p.getValueAsString();
      } else {
        p.skipChildren();
      }
    }
  }

  private static void parseL4(JsonParser p, RawFlow out) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      Protocol protocol = Protocol.parse(field);
      if (protocol == null || p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      out.protocol = protocol;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "source_port":
            out.srcPort = p.getValueAsInt(-1);
            break;
          case "destination_port":
            out.dstPort = p.getValueAsInt(-1);
            break;
          case "flags":
            parseFlags(p, out);
            break;
          default:
            p.skipChildren();
        }
      }
    }
  }

  private static void parseFlags(JsonParser p, RawFlow out) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    out.syn = Boolean.FALSE;
    out.ack = Boolean.FALSE;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      boolean set = p.currentToken() == JsonToken.VALUE_TRUE;
      if ("SYN".equals(name)) {
        out.syn = set;
      } else if ("ACK".equals(name)) {
        out.ack = set;
      } else {
        p.skipChildren();
      }
    }
  }

  private void parseEndpoint(JsonParser p, RawFlow.RawEndpoint ep) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    ep.present = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "identity":
          ep.identity = p.getValueAsLong(-1);
          break;
        case "namespace":
          ep.namespace = p.getValueAsString();
          break;
        case "pod_name":
          ep.podName = p.getValueAsString();
          break;
        case "labels":
          if (collectLabels) {
            readLabels(p, ep);
          } else {
            ep.labelsSkipped =
                p.currentToken() == JsonToken.START_ARRAY && p.nextToken() != JsonToken.END_ARRAY;
            if (ep.labelsSkipped) {
              p.skipChildren();
              skipRestOfArray(p);
            }
          }
          break;
        case "workloads":
          parseWorkloads(p, ep);
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private static void parseWorkloads(JsonParser p, RawFlow.RawEndpoint ep) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      String kind = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if ("name".equals(field)) {
          name = p.getValueAsString();
        } else if ("kind".equals(field)) {
          kind = p.getValueAsString();
        } else {
          p.skipChildren();
        }
      }
      if (ep.workloadName == null && name != null && !name.isEmpty()) {
        ep.workloadName = name;
        ep.workloadKind = kind;
      }
    }
  }

  private static void skipRestOfArray(JsonParser p) throws IOException {
    while (p.nextToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
    }
  }

  /** Reads an endpoint's labels up to the limits; the rest are counted, never materialised. */
  private void readLabels(JsonParser p, RawFlow.RawEndpoint ep) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        if (ep.labelsCut.admits(labelLimits, ep.labels.size(), p.getTextLength())) {
          ep.labels.add(p.getText());
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readStrings(JsonParser p, List<String> into) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        into.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
  }
}
