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

  private JsonNode service(String name) {
    return compose.path("services").path(name);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(a -> out.add(a.asText()));
    return out;
  }

  /** The broker configuration kafka-start.sh writes (its heredoc), as key → value. */
  private static java.util.Map<String, String> brokerConfig() throws Exception {
    String script = Files.readString(ROOT.resolve("deploy/compose/kafka-start.sh"));
    String open = "<<PROPERTIES\n";
    String body =
        script.substring(script.indexOf(open) + open.length(), script.indexOf("\nPROPERTIES\n"));
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return out;
  }

  @Test
  void kafka_is_one_kraft_node_reachable_only_over_sasl_ssl_with_acls_enforced() throws Exception {
    JsonNode kafka = service("kafka");
    assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.toString());
    assertEquals(
        "service_completed_successfully",
        kafka.path("depends_on").path("secrets").path("condition").asText());
    assertTrue(strings(kafka.path("entrypoint")).contains("/compose/kafka-start.sh"));
    var config = brokerConfig();
    assertEquals("broker,controller", config.get("process.roles"));
    assertEquals("SASL_SSL://:9092,CONTROLLER://localhost:9093", config.get("listeners"));
    assertEquals("SASL_SSL://kafka:9092", config.get("advertised.listeners"));
    assertEquals(
        "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT", config.get("listener.security.protocol.map"));
    assertEquals("SCRAM-SHA-512", config.get("sasl.enabled.mechanisms"));
    assertEquals(
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        config.get("authorizer.class.name"));
    assertEquals("false", config.get("allow.everyone.if.no.acl.found"));
    assertEquals("1", config.get("transaction.state.log.replication.factor"));
    assertTrue(kafka.has("healthcheck"));
    assertTrue(
        kafka
            .path("healthcheck")
            .path("test")
            .get(1)
            .asText()
            .contains("--command-config /secrets/admin.properties"));
  }

  @Test
  void secrets_are_made_at_start_up_and_none_is_committed() throws Exception {
    JsonNode secrets = service("secrets");
    assertTrue(strings(secrets.path("entrypoint")).contains("/compose/dev-secrets.sh"));
    assertTrue(strings(secrets.path("volumes")).contains("kafka-secrets:/secrets"));
    assertTrue(compose.path("volumes").has("kafka-secrets"), "named volume declared");
    try (var files = Files.walk(ROOT)) {
      List<Path> committed =
          files
              .filter(
                  f -> !f.startsWith(ROOT.resolve("target")) && !f.startsWith(ROOT.resolve(".git")))
              .filter(f -> f.toString().matches(".*\\.(p12|jks|key|password|pem)$"))
              .toList();
      assertEquals(List.of(), committed, "keys and passwords are generated, never shipped");
    }
  }

  @Test
  void the_shipper_feeds_the_samples_with_its_own_credentials_after_the_acls_exist()
      throws Exception {
    JsonNode shipper = service("shipper");
    assertEquals(
        "service_completed_successfully",
        shipper.path("depends_on").path("kafka-setup").path("condition").asText());
    assertTrue(strings(shipper.path("volumes")).contains("./collectors/samples:/samples:ro"));
    String script = shipper.path("command").get(0).asText();
    assertTrue(
        script.contains("kafka-console-producer.sh --bootstrap-server kafka:9092 --topic flows"),
        script);
    assertTrue(script.contains("--producer.config /secrets/shipper.properties"), script);
    assertTrue(!script.contains("admin"), "the shipper never uses the admin's credentials");
    assertTrue(script.contains("/samples/*.jsonl"), script);
    try (var samples = Files.list(ROOT.resolve("collectors/samples"))) {
      assertTrue(samples.anyMatch(p -> p.toString().endsWith(".jsonl")), "samples to ship");
    }
    assertEquals(
        "service_healthy",
        service("kafka-setup").path("depends_on").path("kafka").path("condition").asText());
  }

  @Test
  void observe_consumes_with_its_properties_file_into_the_database_on_the_named_volume()
      throws Exception {
    JsonNode observe = service("observe");
    assertEquals(".", observe.path("build").asText());
    assertEquals(
        "service_completed_successfully",
        observe.path("depends_on").path("shipper").path("condition").asText());
    List<String> args = strings(observe.path("command"));
    assertEquals("observe", args.get(0));
    assertEquals("kafka:9092", args.get(args.indexOf("--kafka-bootstrap") + 1));
    assertEquals("/secrets/observe.properties", args.get(args.indexOf("--kafka-properties") + 1));
    assertEquals("flows", args.get(args.indexOf("--topic") + 1));
    assertEquals("/data/netpol.db", args.get(args.indexOf("--db") + 1));
    // The command line parses with the real command (option names and values).
    new CommandLine(new ObserveCommand(new Services()))
        .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertTrue(strings(observe.path("volumes")).contains("netpol-data:/data"));
    assertTrue(compose.path("volumes").has("netpol-data"), "named volume declared");
  }

  @Test
  void the_image_is_built_from_source_in_two_stages_and_runs_as_a_user() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(
        List.of("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre"), from);
    assertTrue(dockerfile.contains("./mvnw -B -ntp -q package -DskipTests"), dockerfile);
    assertTrue(
        dockerfile.contains("COPY --from=build /src/target/netpol-recommend.jar"), dockerfile);
    assertTrue(!dockerfile.contains("COPY target/"), "nothing built on the host is copied");
    assertTrue(dockerfile.contains("\nUSER 10001:10001\n"), dockerfile);
    assertTrue(dockerfile.contains("\"-XX:+ExitOnOutOfMemoryError\""), dockerfile);
    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    assertTrue(ignored.containsAll(List.of("target/", ".git/", "*.db")), ignored.toString());
  }

  @Test
  void the_readme_queries_the_store_without_running_the_one_shot_services_again() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> runs = readme.lines().filter(l -> l.contains("docker compose run")).toList();
    assertTrue(!runs.isEmpty(), "the README shows how to query the store");
    for (String run : runs) {
      assertTrue(run.contains("docker compose run --rm --no-deps observe "), run);
    }
    assertTrue(!readme.contains("-DskipTests && docker compose up"), "no host build first");
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
