package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workloads shipped in collectors/kubernetes run with the least they need: seccomp, no
 * capabilities, no privilege escalation, read-only root file systems, no API token, secrets not
 * readable by others, images pinned by digest, and tolerations that name what they tolerate.
 */
class CollectorManifestsTest {

  private static final Path DIR = Path.of(System.getProperty("user.dir"), "collectors/kubernetes");

  /** Every Deployment, DaemonSet and StatefulSet: file name and document. */
  static Stream<Object[]> workloads() throws Exception {
    List<Object[]> out = new ArrayList<>();
    try (var files = Files.list(DIR)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = new YAMLFactory().createParser(p.toFile())) {
          for (JsonNode doc : new ObjectMapper().readValues(parser, JsonNode.class).readAll()) {
            if (doc.path("kind").asText().matches("Deployment|DaemonSet|StatefulSet")) {
              out.add(new Object[] {p.getFileName().toString(), doc});
            }
          }
        }
      }
    }
    assertEquals(3, out.size(), "shipper, observe, emit-edges");
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void every_workload_runs_confined(String file, JsonNode doc) {
    JsonNode pod = doc.path("spec").path("template").path("spec");
    assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), file);
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), file);
    assertFalse(pod.path("hostNetwork").asBoolean(false), file);
    assertFalse(pod.path("hostPID").asBoolean(false), file);
    for (JsonNode c : pod.path("containers")) {
      String where = file + " " + c.path("name").asText();
      JsonNode sc = c.path("securityContext");
      assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), where);
      assertFalse(sc.path("privileged").asBoolean(true), where);
      assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), where);
      assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString(), where);
      assertTrue(sc.at("/capabilities/add").isMissingNode(), where + " adds no capability");
      assertTrue(c.path("ports").isMissingNode(), where + " exposes no port");
      assertTrue(
          c.path("image").asText().matches("[^@\\s]+:[^@\\s]+@sha256:\\S+"),
          where + " pins its image by digest: " + c.path("image").asText());
      for (JsonNode m : c.path("volumeMounts")) {
        if (!m.path("name").asText().equals("state")
            && !m.path("name").asText().equals("data")
            && !m.path("name").asText().equals("tmp")) {
          assertTrue(m.path("readOnly").asBoolean(false), where + " mounts " + m + " read-only");
        }
      }
    }
    for (JsonNode v : pod.path("volumes")) {
      if (v.has("secret")) {
        int mode = v.at("/secret/defaultMode").asInt(0644);
        assertEquals(0, mode & 07, file + ": secret " + v.path("name") + " hidden from others");
      }
    }
    for (JsonNode t : pod.path("tolerations")) {
      assertTrue(t.has("key") && t.has("effect"), file + " tolerates only named taints: " + t);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void only_the_shipper_runs_as_root_and_then_without_any_capability(String file, JsonNode doc) {
    JsonNode pod = doc.path("spec").path("template").path("spec");
    if (file.equals("shipper-daemonset.yaml")) {
      JsonNode sc = pod.path("containers").get(0).path("securityContext");
      assertEquals(0, sc.path("runAsUser").asInt(-1), "root only to read root's 0600 files");
    } else {
      assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(false), file);
      assertEquals(10001, pod.at("/securityContext/runAsUser").asInt(), file);
    }
  }

  @Test
  void fluent_bit_serves_http_on_loopback_and_ships_over_sasl_ssl() throws Exception {
    List<String> conf =
        Files.readAllLines(DIR.resolveSibling("fluent-bit/fluent-bit.conf")).stream()
            .map(String::trim)
            .filter(l -> !l.startsWith("#"))
            .toList();
    assertTrue(conf.contains("HTTP_Listen        127.0.0.1"), conf.toString());
    assertTrue(conf.contains("rdkafka.security.protocol          SASL_SSL"), conf.toString());
    assertTrue(conf.contains("rdkafka.sasl.mechanisms            SCRAM-SHA-512"), conf.toString());
    assertTrue(
        conf.contains("rdkafka.ssl.ca.location            /etc/netpol-kafka/ca.crt"),
        conf.toString());
  }

  @Test
  void vector_ships_over_sasl_ssl() throws Exception {
    JsonNode sink =
        new ObjectMapper(new YAMLFactory())
            .readTree(DIR.resolveSibling("vector/vector.yaml").toFile())
            .at("/sinks/kafka");
    assertTrue(sink.at("/sasl/enabled").asBoolean(), sink.toString());
    assertEquals("SCRAM-SHA-512", sink.at("/sasl/mechanism").asText());
    assertTrue(sink.at("/tls/enabled").asBoolean(), sink.toString());
  }

  @Test
  void observe_reads_its_kafka_secrets_from_a_properties_file() throws Exception {
    for (String f : List.of("observe-deployment.yaml", "observe-emit-edges.yaml")) {
      String text = Files.readString(DIR.resolve(f));
      assertTrue(text.contains("--kafka-properties=/etc/netpol-kafka/observe.properties"), f);
      assertFalse(text.contains("--kafka-property="), f + ": nothing secret on the command line");
    }
  }
}
