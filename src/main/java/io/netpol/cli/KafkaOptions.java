package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Where {@code observe} reads from (and writes to) when the flows come from Kafka. */
public final class KafkaOptions {

  static final String PATHS_AND_KAFKA = "give flow-log paths or --kafka-bootstrap, not both";
  static final String NOTHING_TO_READ =
      "nothing to read: give flow-log files or folders (- for stdin), or --kafka-bootstrap HOST:PORT --topic TOPIC";
  static final String NEEDS_BOOTSTRAP = "%s needs --kafka-bootstrap HOST:PORT";
  static final String NEEDS_TOPIC =
      "--kafka-bootstrap needs --topic TOPIC (raw flow records) or --edges-topic TOPIC (edge deltas from --emit-edges)";
  static final String TOPIC_AND_EDGES =
      "--edges-topic reads edge deltas; do not combine it with --topic or --emit-edges";
  static final String EMIT_INTO_SAME = "--emit-edges must name another topic than --topic";
  static final String BAD_BOOTSTRAP = "--kafka-bootstrap %s is not HOST:PORT[,HOST:PORT...]";
  static final String STRICT_ON_KAFKA =
      "--strict works on files only: on Kafka a malformed message is skipped and reported with its topic/partition/offset";
  static final String JAAS_WITHOUT_SASL =
      "--sasl-jaas-config-file needs --sasl-mechanism (and --security-protocol SASL_SSL or SASL_PLAINTEXT)";

  private static final Pattern BOOTSTRAP =
      Pattern.compile("[^,:\\s]+:\\d{1,5}(,[^,:\\s]+:\\d{1,5})*");

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description = "Read flows from Kafka instead of files.")
  String bootstrap;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description =
          "Topic of raw flow records (every shape files may hold, JSON or Hubble protobuf).")
  String topic;

  @Option(
      names = "--group",
      paramLabel = "ID",
      defaultValue = "netpol-recommend",
      description =
          "Consumer group; processes in one group share the partitions. Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(
      names = "--exit-when-idle",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "End after this long without a record (10s, 2m, PT1M); default: run until SIGTERM/SIGINT.")
  Duration exitWhenIdle;

  @Option(
      names = "--emit-edges",
      paramLabel = "TOPIC",
      description =
          "Scale-out stage 1: publish edge deltas to TOPIC (Kafka transactions) instead of writing the store.")
  String emitEdges;

  @Option(
      names = "--edges-topic",
      paramLabel = "TOPIC",
      description = "Scale-out stage 2: fold the edge deltas of TOPIC into the store.")
  String edgesTopic;

  @Option(
      names = "--security-protocol",
      paramLabel = "PROTOCOL",
      description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
  String securityProtocol;

  @Option(
      names = "--sasl-mechanism",
      paramLabel = "MECHANISM",
      description = "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, ...")
  String saslMechanism;

  @Option(
      names = "--sasl-jaas-config-file",
      paramLabel = "PATH",
      description =
          "File holding the sasl.jaas.config value (keeps the secret out of the process list).")
  Path saslJaasConfigFile;

  @Option(
      names = "--ssl-truststore",
      paramLabel = "PATH",
      description = "Truststore (PKCS12, JKS or PEM) for the brokers' certificates.")
  Path sslTruststore;

  @Option(
      names = "--kafka-properties",
      paramLabel = "FILE",
      description =
          "Kafka client properties from a file (key=value lines), for settings that must not show in"
              + " the process list: ssl.keystore.password, ssl.key.password, sasl.jaas.config, ..."
              + " Read after the options above; refused when every user may read it (chmod 600).")
  Path propertiesFile;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "Any further Kafka client property, applied last; repeatable. Visible in the process list:"
              + " put secrets in --kafka-properties.")
  Map<String, String> properties = new LinkedHashMap<>();

  boolean enabled() {
    return bootstrap != null;
  }

  boolean emitsEdges() {
    return emitEdges != null;
  }

  boolean foldsEdges() {
    return edgesTopic != null;
  }

  /** The topic this run consumes. */
  String inputTopic() {
    return edgesTopic != null ? edgesTopic : topic;
  }

  /** Checks the combination with the paths given; throws a usage error naming the fix. */
  void validate(List<String> paths, boolean strict) {
    boolean hasPaths = paths != null && !paths.isEmpty();
    if (!enabled()) {
      for (Object[] o :
          new Object[][] {
            {"--topic", topic},
            {"--exit-when-idle", exitWhenIdle},
            {"--emit-edges", emitEdges},
            {"--edges-topic", edgesTopic},
            {"--security-protocol", securityProtocol},
            {"--sasl-mechanism", saslMechanism},
            {"--sasl-jaas-config-file", saslJaasConfigFile},
            {"--ssl-truststore", sslTruststore},
            {"--kafka-properties", propertiesFile},
            {"--kafka-property", properties.isEmpty() ? null : properties}
          }) {
        if (o[1] != null) {
          throw usage(String.format(NEEDS_BOOTSTRAP, o[0]));
        }
      }
      if (!hasPaths) {
        throw usage(NOTHING_TO_READ);
      }
      return;
    }
    if (hasPaths) {
      throw usage(PATHS_AND_KAFKA);
    }
    if (!BOOTSTRAP.matcher(bootstrap).matches()) {
      throw usage(String.format(BAD_BOOTSTRAP, bootstrap));
    }
    if (edgesTopic != null && (topic != null || emitEdges != null)) {
      throw usage(TOPIC_AND_EDGES);
    }
    if (topic == null && edgesTopic == null) {
      throw usage(NEEDS_TOPIC);
    }
    if (emitEdges != null && emitEdges.equals(topic)) {
      throw usage(EMIT_INTO_SAME);
    }
    if (strict) {
      throw usage(STRICT_ON_KAFKA);
    }
    if (saslJaasConfigFile != null && saslMechanism == null) {
      throw usage(JAAS_WITHOUT_SASL);
    }
  }

  KafkaSettings settings() {
    return new KafkaSettings(
        bootstrap,
        securityProtocol,
        saslMechanism,
        saslJaasConfigFile,
        sslTruststore,
        propertiesFile,
        properties);
  }

  private static NetpolException usage(String message) {
    return new NetpolException(ExitCode.INVALID_INPUT, message);
  }
}
