package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netpol.cli.ObserveCommand;
import io.netpol.cli.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** No Docker engine here: the compose file and Dockerfile are checked for structure instead. */
class ComposeFileTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  private final JsonNode compose = read(ROOT.resolve("docker-compose.yml"));

  @Test
  void kafka_runs_kraft_single_node() {
    JsonNode kafka = compose.path("services").path("kafka");
    assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.toString());
    JsonNode env = kafka.path("environment");
    assertEquals("broker,controller", env.path("KAFKA_PROCESS_ROLES").asText());
    assertEquals("1@kafka:9093", env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText());
    assertEquals("PLAINTEXT://kafka:9092", env.path("KAFKA_ADVERTISED_LISTENERS").asText());
    assertEquals(1, env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt());
    assertTrue(kafka.has("healthcheck"));
  }

  @Test
  void the_shipper_feeds_the_samples_into_the_topic_observe_reads() throws Exception {
    JsonNode shipper = compose.path("services").path("shipper");
    assertEquals(
        "service_healthy", shipper.path("depends_on").path("kafka").path("condition").asText());
    assertTrue(shipper.path("volumes").get(0).asText().startsWith("./collectors/samples:/samples"));
    String script = shipper.path("command").get(0).asText();
    assertTrue(
        script.contains("kafka-console-producer.sh --bootstrap-server kafka:9092 --topic flows"),
        script);
    assertTrue(script.contains("/samples/*.jsonl"), script);
    try (var samples = Files.list(ROOT.resolve("collectors/samples"))) {
      assertTrue(samples.anyMatch(p -> p.toString().endsWith(".jsonl")), "samples to ship");
    }
  }

  @Test
  void observe_consumes_into_the_database_on_the_named_volume() throws Exception {
    JsonNode observe = compose.path("services").path("observe");
    assertEquals(".", observe.path("build").asText());
    assertEquals(
        "service_completed_successfully",
        observe.path("depends_on").path("shipper").path("condition").asText());
    List<String> args = new ArrayList<>();
    observe.path("command").forEach(a -> args.add(a.asText()));
    assertEquals("observe", args.get(0));
    assertEquals("kafka:9092", args.get(args.indexOf("--kafka-bootstrap") + 1));
    assertEquals("flows", args.get(args.indexOf("--topic") + 1));
    assertEquals("/data/netpol.db", args.get(args.indexOf("--db") + 1));
    // The command line parses with the real command (option names and values).
    new CommandLine(new ObserveCommand(new Services()))
        .parseArgs(args.subList(1, args.size()).toArray(String[]::new));

    assertEquals("netpol-data:/data", observe.path("volumes").get(0).asText());
    assertTrue(compose.path("volumes").has("netpol-data"), "named volume declared");
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), dockerfile);
    assertTrue(dockerfile.contains("COPY target/netpol-recommend.jar"), dockerfile);
  }

  @Test
  void collector_manifests_are_valid_yaml_and_observe_needs_no_api_access() throws Exception {
    try (var files = Files.walk(ROOT.resolve("collectors"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        try (var parser = new YAMLFactory().createParser(p.toFile())) {
          for (JsonNode doc : new ObjectMapper().readValues(parser, JsonNode.class).readAll()) {
            if (doc.path("kind")
                .asText()
                .matches("Role|ClusterRole|RoleBinding|ClusterRoleBinding")) {
              throw new AssertionError(p + " grants API access: " + doc.path("metadata"));
            }
            if (doc.path("kind").asText().matches("Deployment|DaemonSet|StatefulSet")) {
              assertEquals(
                  false,
                  doc.path("spec")
                      .path("template")
                      .path("spec")
                      .path("automountServiceAccountToken")
                      .asBoolean(true),
                  p.toString());
            }
          }
        }
      }
    }
  }

  private static JsonNode read(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
