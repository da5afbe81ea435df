package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.BoolValue;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.netpol.flow.LabelLimits;
import io.netpol.proto.hubble.Flow;
import io.netpol.proto.hubble.GetFlowsResponse;
import io.netpol.proto.hubble.IP;
import io.netpol.proto.hubble.Layer4;
import io.netpol.proto.hubble.LostEvent;
import io.netpol.proto.hubble.TCP;
import io.netpol.proto.hubble.UDP;
import io.netpol.simulate.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading a binary Hubble message field by field gives exactly what the generated classes give, or
 * leaves the message to them: on every Hubble export line the project and the team hold (as Flow
 * and as GetFlowsResponse messages), on flows of many distinct pods, on those messages damaged in
 * thousands of ways, and on shapes protobuf merges (a message field given twice).
 */
class HubbleProtoDecoderTest {

  private static final LabelLimits LIMITS = new LabelLimits(5, 60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One decoder for the whole run, so its memories of endpoints and texts are hit. */
  private final HubbleProtoDecoder fast = new HubbleProtoDecoder(LIMITS);

  private final HubbleProtoDecoder reference = new HubbleProtoDecoder(LIMITS);

  @Test
  void every_export_line_as_flow_and_as_response_reads_as_the_generated_classes_read_it()
      throws IOException {
    List<byte[]> messages = corpus();
    for (byte[] m : messages) {
      byte[] response =
          GetFlowsResponse.newBuilder()
              .setFlow(Flow.parseFrom(m))
              .setNodeName("n1")
              .build()
              .toByteArray();
      assertSameRead(m, false);
      assertSameRead(response, true);
      assertTrue(
          !HubbleProtoDecoder.looksLikeResponse(m)
              && HubbleProtoDecoder.looksLikeResponse(response),
          "a Flow and a GetFlowsResponse are told apart");
    }
    assertTrue(messages.size() > 3_000, "read " + messages.size() + " messages");
    assertEquals(0, fast.referenceReads, "every message of the usual shape is read field by field");
  }

  @Test
  void damaged_and_merged_messages_read_the_same_or_are_left_to_the_generated_classes()
      throws IOException {
    List<byte[]> messages = corpus();
    Random random = new Random(14);
    int reads = 0;
    for (int n = 0; n < 30_000; n++) {
      byte[] m = messages.get(random.nextInt(messages.size()));
      int at = random.nextInt(m.length);
      byte[] damaged =
          switch (n % 6) {
            case 0 -> Arrays.copyOf(m, at);
            case 1 -> flipped(m, at, random);
            case 2 -> inserted(m, at, (byte) random.nextInt(256));
            case 3 -> concat(m, messages.get(random.nextInt(messages.size())));
            case 4 -> concat(m, field(random.nextInt(40) + 1, random.nextInt(6), random));
            default -> concat(field(random.nextInt(40) + 1, random.nextInt(6), random), m);
          };
      assertSameRead(damaged, n % 12 >= 6);
      reads++;
    }
    assertTrue(fast.referenceReads > 1_000, "left " + fast.referenceReads);
    assertTrue(reads - fast.referenceReads > 1_000, "read " + (reads - fast.referenceReads));
  }

  @Test
  void shapes_protobuf_merges_or_replaces_read_as_the_generated_classes_read_them()
      throws IOException {
    Flow base = Flow.parseFrom(corpus().get(0));
    byte[] noL4 = Flow.newBuilder(base).clearL4().build().toByteArray();
    byte[] tcp =
        Layer4.newBuilder().setTCP(TCP.newBuilder().setSourcePort(1)).build().toByteArray();
    byte[] tcp2 =
        Layer4.newBuilder().setTCP(TCP.newBuilder().setDestinationPort(2)).build().toByteArray();
    byte[] udp =
        Layer4.newBuilder().setUDP(UDP.newBuilder().setDestinationPort(53)).build().toByteArray();
    byte[] response = GetFlowsResponse.newBuilder().setFlow(base).build().toByteArray();
    byte[] lost =
        GetFlowsResponse.newBuilder()
            .setLostEvents(LostEvent.newBuilder().setNumEventsLost(3))
            .build()
            .toByteArray();
    byte[] status =
        GetFlowsResponse.newBuilder()
            .setNodeStatus(com.google.protobuf.ByteString.copyFromUtf8("up"))
            .build()
            .toByteArray();
    byte[] otherSource =
        Flow.newBuilder()
            .setSource(io.netpol.proto.hubble.Endpoint.newBuilder().addLabels("k8s:extra=yes"))
            .build()
            .toByteArray();
    List<byte[]> flows =
        List.of(
            withField(noL4, 6, concat(tcp, udp)), // a oneof replaced
            withField(noL4, 6, concat(tcp, tcp2)), // a oneof case merged
            withField(noL4, 6, concat(udp, tcp)),
            concat(base.toByteArray(), otherSource), // an endpoint merged
            concat(
                base.toByteArray(),
                Flow.newBuilder().setIsReply(BoolValue.of(false)).build().toByteArray()),
            Flow.newBuilder(base).setVerdictValue(99).build().toByteArray(),
            Flow.newBuilder(base)
                .setTime(Timestamp.newBuilder().setNanos(7_000_000))
                .build()
                .toByteArray(),
            concat(
                base.toByteArray(),
                Flow.newBuilder()
                    .setIP(IP.newBuilder().setSource("10.9.9.9"))
                    .build()
                    .toByteArray()),
            concat(base.toByteArray(), Flow.newBuilder().setNodeName("").build().toByteArray()),
            withField(base.toByteArray(), 8, new byte[] {0x0b, 0x0c}), // a group in an endpoint
            Flow.newBuilder().build().toByteArray());
    for (byte[] m : flows) {
      assertSameRead(m, false);
    }
    List<byte[]> responses =
        List.of(
            concat(response, lost), // the oneof ends as lost events: no flow
            concat(status, response), // ... and as the flow
            concat(response, status),
            concat(response, response), // the flow merged with itself
            lost,
            status);
    for (byte[] m : responses) {
      assertSameRead(m, true);
    }
  }

  /** {@code m} followed by field {@code number} holding {@code value}. */
  private static byte[] withField(byte[] m, int number, byte[] value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(number, value);
    out.flush();
    return concat(m, bytes.toByteArray());
  }

  /** Decodes {@code m} both ways; asserts the same flow, the same non-flow or the same refusal. */
  private void assertSameRead(byte[] m, boolean wrapped) {
    assertEquals(read(reference, m, wrapped, true), read(fast, m, wrapped, false));
  }

  private static String read(
      HubbleProtoDecoder decoder, byte[] m, boolean wrapped, boolean generated) {
    RawFlow flow = new RawFlow();
    try {
      boolean isFlow =
          generated ? decoder.reference(m, flow, wrapped) : decoder.decode(m, flow, wrapped);
      return isFlow
          ? HubbleLineScannerTest.describe(HubbleJsonParser.Shape.FLOW, null, flow)
          : "NOT A FLOW";
    } catch (MalformedRecordException e) {
      return "MALFORMED " + e.getMessage();
    }
  }

  /** Every Hubble export line as a Flow message, and flows of 600 distinct pods. */
  private static List<byte[]> corpus() throws IOException {
    List<String> lines = new ArrayList<>(HubbleLineScannerTest.exportLines());
    StringWriter pods = new StringWriter();
    Simulator.writeManyPods(pods, Instant.parse("2026-11-20T10:00:00Z"), 600, 3_000);
    pods.toString().lines().filter(l -> !l.isBlank()).forEach(lines::add);
    JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    List<byte[]> out = new ArrayList<>();
    for (String line : lines) {
      ObjectNode flow;
      try {
        flow = (ObjectNode) JSON.readTree(line).get("flow");
      } catch (IOException | ClassCastException e) {
        continue;
      }
      if (flow == null) {
        continue;
      }
      // JSON renders these as enum names; our wire-compatible subset reads them as numbers.
      flow.remove("drop_reason_desc");
      if (flow.get("IP") instanceof ObjectNode ip) {
        ip.remove("ipVersion");
      }
      Flow.Builder b = Flow.newBuilder();
      try {
        parser.merge(flow.toString(), b);
      } catch (IOException e) {
        continue; // a line no protobuf exporter could have written
      }
      out.add(b.build().toByteArray());
    }
    return out;
  }

  private static byte[] flipped(byte[] m, int at, Random random) {
    byte[] out = m.clone();
    out[at] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  private static byte[] inserted(byte[] m, int at, byte b) {
    byte[] out = new byte[m.length + 1];
    System.arraycopy(m, 0, out, 0, at);
    out[at] = b;
    System.arraycopy(m, at, out, at + 1, m.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** One field of any wire type (groups too), with a value that may or may not fit its number. */
  private static byte[] field(int number, int wireType, Random random) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeTag(number, wireType);
    switch (wireType) {
      case 0 -> out.writeUInt64NoTag(random.nextInt(1 << 20));
      case 1 -> out.writeFixed64NoTag(random.nextLong());
      case 2 -> {
        byte[] value = new byte[random.nextInt(12)];
        random.nextBytes(value);
        if (random.nextBoolean()) {
          value = "10.0.0.9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        out.writeByteArrayNoTag(value);
      }
      case 5 -> out.writeFixed32NoTag(random.nextInt());
      default -> {} // a group's start or end, alone
    }
    out.flush();
    return bytes.toByteArray();
  }
}
