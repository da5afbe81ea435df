package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netpol.flow.LabelLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner gives exactly what Jackson's parser gives with labels, or leaves the line to it: on
 * every line of every Hubble export the project and the team hold, on those lines damaged in
 * thousands of ways, and on the shapes exporters rarely write. A line Jackson refuses is never read
 * by the scanner.
 */
class HubbleLineScannerTest {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();
  private static final LabelLimits LIMITS = new LabelLimits(5, 60);

  private final HubbleLineScanner scanner = new HubbleLineScanner(LIMITS);
  private final HubbleJsonParser jackson = new HubbleJsonParser(FACTORY, LIMITS);

  @Test
  void every_line_of_every_hubble_export_reads_the_same_and_only_escapes_are_left_to_jackson()
      throws IOException {
    int plain = 0;
    for (String line : exportLines()) {
      String scanned = scanned(line);
      if (line.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
        plain++;
        assertEquals(jackson(line), scanned, line);
      } else if (scanned != null) {
        assertEquals(jackson(line), scanned, line);
      }
    }
    assertTrue(plain > 2_000, "read " + plain + " lines");
  }

  @Test
  void damaged_lines_read_the_same_or_are_left_to_jackson() throws IOException {
    List<String> lines = exportLines();
    Random random = new Random(14);
    String[] inserts = {
      "\"", ",", "}", "{", "]", "[", ":", "\\", " ", "1", "x", "-", "é", "\u0001"
    };
    int left = 0;
    int read = 0;
    for (int n = 0; n < 20_000; n++) {
      String line = lines.get(random.nextInt(lines.size()));
      int at = random.nextInt(line.length());
      String damaged =
          switch (n % 4) {
            case 0 -> line.substring(0, at);
            case 1 -> line.substring(0, at) + line.substring(at + 1);
            case 2 ->
                line.substring(0, at)
                    + inserts[random.nextInt(inserts.length)]
                    + line.substring(at);
            default -> line.substring(0, at) + swapped(line.substring(at));
          };
      String expected = jackson(damaged);
      String actual = scanned(damaged);
      if (actual == null) {
        left++;
      } else {
        read++;
        assertEquals(expected, actual, damaged);
      }
    }
    assertTrue(left > 1_000 && read > 1_000, "left " + left + ", read " + read);
  }

  /** The first value after the cut changes type: a string becomes a number, a number a string. */
  private static String swapped(String rest) {
    if (rest.startsWith("\"")) {
      int close = rest.indexOf('"', 1);
      return close < 0 ? rest : "12" + rest.substring(close + 1);
    }
    int i = 0;
    while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
      i++;
    }
    return i == 0 ? "null" + rest : "\"" + rest.substring(0, i) + "\"" + rest.substring(i);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"flow\":{}}",
        "{\"flow\":[]}",
        "{\"flow\":{\"verdict\":\"FORWARDED\"}} trailing bytes are not read",
        "{\"flow\":{\"verdict\":null}}",
        "{\"flow\":{\"verdict\":\"DROPPED\",\"verdict\":\"FORWARDED\"}}",
        "{\"flow\":{\"time\":\"2026-11-20T10:00:00Z\",\"time\":\"2026-11-20T11:00:00Z\"}}",
        "{\"flow\":{\"time\":7,\"time\":\"2026-11-20T11:00:00.5+02:00\"}}",
        "{\"flow\":{\"source_names\":[\"a.example\",1,{\"x\":[]}]},\"source_names\":[\"b.example\"]}",
        "{\"flow\":{\"l4\":{\"TCP\":{\"source_port\":1,\"flags\":{\"SYN\":\"yes\",\"ACK\":true}},"
            + "\"UDP\":{\"destination_port\":53}}}}",
        "{\"flow\":{\"l4\":{\" tcp \":{\"source_port\":-0}}}}",
        "{\"flow\":{\"l4\":{\"TCP\":7,\"GRE\":{\"source_port\":1}}}}",
        "{\"flow\":{\"is_reply\":true,\"reply\":false}}",
        "{\"flow\":{\"is_reply\":[true],\"reply\":null}}",
        "{\"flow\":{\"source\":{\"identity\":2,\"labels\":[\"reserved:world\"]},"
            + "\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]}}}",
        "{\"flow\":{\"source\":{\"labels\":[\"k8s:a=b\",\"k8s:a=b\",3,\"k8s:c=d\",\"k8s:e=f\","
            + "\"k8s:g=h\",\"k8s:i=j\",\"k8s:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"],"
            + "\"labels\":[\"k8s:k=l\"]}}}",
        "{\"flow\":{\"source\":{\"workloads\":[{\"name\":\"\",\"kind\":\"Job\"},"
            + "{\"name\":\"api\",\"kind\":\"Deployment\"},{\"name\":\"other\"}]}}}",
        "{\"flow\":{\"source\":\"nobody\",\"source\":{\"namespace\":\"a\",\"pod_name\":null}}}",
        "{\"node_name\":\"n1\",\"flow\":{\"node_name\":\"n2\",\"Type\":\"L3_L4\"}}",
        "{\"Type\":\"L3_L4\"}",
        "{\"identity\":1}",
        "{\"agent_event\":{\"type\":\"x\"},\"flow\":{\"verdict\":\"FORWARDED\"}}",
        "{\"flow\":{\"verdict\":\"FORWARDED\"},\"Key\":{}}",
        "{\"flow\":{\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"10.0.0.2\",\"source\":null}}}",
        "  {\"flow\":{\"uuid\":\"x\",\"ethernet\":{\"source\":\"aa\"},\"l7\":null,\"event_type\":{}}}",
        "{\"flow\":{\"source\":{\"identity\":-7,\"namespace\":\"ns\"}}}",
        "{\"flow\":{\"x\":[1,2.5,-3e7,1E+2,true,false,null,{},[],\"s\"]}}"
      })
  void rare_shapes_read_the_same_as_jackson_reads_them(String line) throws IOException {
    assertEquals(jackson(line), scanned(line), line);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"flow\":{\"verdict\":\"FORW\\u0041RDED\"}}",
        "{\"flow\":{\"verdict\":\"FORWARDÉ\"}}",
        "{\"flow\":{\"verdict\":1}}",
        "{\"flow\":{\"is_reply\":{\"value\":true}}}",
        "{\"flow\":{\"source\":{\"identity\":\"7\"}}}",
        "{\"flow\":{\"source\":{\"identity\":1.0}}}",
        "{\"flow\":{\"source\":{\"identity\":99999999999999999999}}}",
        "{\"flow\":{\"l4\":{\"TCP\":{\"source_port\":8.0}}}}",
        "{\"flow\":{\"source\":{\"workloads\":[1,{\"name\":\"a\"}]}}}",
        "{\"flow\":{\"source\":{\"namespace\":\"a\"},\"source\":{\"pod_name\":\"b\"}}}",
        "{\"flow\":{\"time\":\"yesterday\"}}",
        "{\"flow\":{\"verdict\":\"FORWARDED\",}}",
        "{\"flow\":{\"x\":01}}",
        "{\"flow\":{\"x\":tru}}",
        "{\"flow\":{\"x\":truex}}",
        "{\"log\":12}",
        "[1]",
        "\uFEFF{\"flow\":{}}"
      })
  void lines_it_is_not_sure_of_are_left_to_jackson(String line) {
    assertNull(scanned(line), line);
  }

  @Test
  void more_distinct_endpoints_than_it_remembers_read_the_same_each_time() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int pod = 0; pod < 12_000; pod++) {
      // Replicas of one workload start alike and differ only at the end.
      lines.add(
          "{\"flow\":{\"verdict\":\"FORWARDED\",\"source\":{\"identity\":"
              + (10_000 + pod / 3)
              + ",\"namespace\":\"team-"
              + pod / 60
              + "\",\"labels\":[\"k8s:app=svc-"
              + pod / 3
              + "\"],\"pod_name\":\"svc-"
              + pod / 3
              + "-"
              + pod
              + "\"},\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]}}}");
    }
    for (int round = 0; round < 2; round++) {
      for (String line : lines) {
        assertEquals(jackson(line), scanned(line), line);
      }
    }
  }

  @Test
  void an_endpoint_seen_before_is_shared_and_read_only() {
    String line =
        "{\"flow\":{\"source\":{\"identity\":5,\"namespace\":\"a\",\"labels\":[\"k8s:x=y\"]},"
            + "\"destination\":{\"identity\":5,\"namespace\":\"a\",\"labels\":[\"k8s:x=y\"]}}}";
    RawFlow first = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
    RawFlow second = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    scanner.scan(bytes, 0, bytes.length, first);
    scanner.scan(bytes, 0, bytes.length, second);
    assertSame(first.source, first.destination);
    assertSame(first.source, second.source);
    assertTrue(first.source.shared);
    first.reset();
    assertTrue(!first.source.shared && first.source != second.source, "reset gives fresh ones");
    assertEquals(List.of("k8s:x=y"), second.source.labels);
  }

  private String scanned(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    RawFlow flow = new RawFlow(RawFlow.RawEndpoint.ABSENT, RawFlow.RawEndpoint.ABSENT);
    HubbleJsonParser.Shape shape = scanner.scan(bytes, 0, bytes.length, flow);
    return shape == null ? null : describe(shape, scanner.nonFlowKind, flow);
  }

  private String jackson(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    RawFlow flow = new RawFlow();
    try {
      HubbleJsonParser.Shape shape = jackson.parse(bytes, 0, bytes.length, flow, true);
      return describe(shape, jackson.nonFlowKind, flow);
    } catch (IOException | RuntimeException e) {
      return "refused: " + e;
    }
  }

  /** Everything a flow holds that decoding uses (for FOREIGN lines, which are read again, none). */
  static String describe(HubbleJsonParser.Shape shape, String nonFlowKind, RawFlow f) {
    if (shape == HubbleJsonParser.Shape.FOREIGN) {
      return "FOREIGN";
    }
    if (shape == HubbleJsonParser.Shape.NON_FLOW) {
      return "NON_FLOW " + nonFlowKind;
    }
    return String.join(
        " | ",
        "time=" + f.timeMs,
        "verdict=" + f.verdict,
        "ip=" + f.srcIp + ">" + f.dstIp,
        "l4=" + f.protocol + " " + f.srcPort + ">" + f.dstPort + " syn=" + f.syn + " ack=" + f.ack,
        "src=" + describe(f.source),
        "dst=" + describe(f.destination),
        "names=" + f.sourceNames + ">" + f.destinationNames,
        "reply=" + f.reply + " isReply=" + f.isReply,
        "direction=" + f.trafficDirection,
        "drop=" + f.dropReason,
        "node=" + f.nodeName);
  }

  private static String describe(RawFlow.RawEndpoint e) {
    return e.present
        + " "
        + e.identity
        + " "
        + e.namespace
        + "/"
        + e.podName
        + " "
        + e.labels
        + " cut="
        + e.labelsCut.beyondLimit
        + "+"
        + e.labelsCut.tooLong
        + " workload="
        + e.workloadName
        + "/"
        + e.workloadKind
        + " skipped="
        + e.labelsSkipped;
  }

  /**
   * Every line of the Hubble exports in the project's samples and tests and the team's fixtures.
   */
  static List<String> exportLines() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(Path.of("collectors", "samples", "voting-app-hubble.jsonl"));
    for (Path root : List.of(Path.of("src", "test", "resources"), SharedFixturesIT.FIXTURES)) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".jsonl"))
              .sorted()
              .forEach(files::add);
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (line.contains("\"flow\"")
            && !line.contains("\"log\"")
            && !line.contains("\"message\"")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }
}
