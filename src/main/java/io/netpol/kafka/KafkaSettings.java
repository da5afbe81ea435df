package io.netpol.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * How to reach the Kafka cluster: bootstrap servers, security settings and any further client
 * properties. The SASL JAAS configuration is read from a file so secrets never appear in the
 * process list.
 *
 * @param bootstrap {@code host:port[,host:port...]}
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; null for the client default
 * @param saslMechanism PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, ...; null for the default
 * @param saslJaasConfigFile a file holding the {@code sasl.jaas.config} value, or null
 * @param sslTruststore a truststore (PKCS12 or JKS) for the brokers' certificates, or null
 * @param propertiesFile a properties file of further client settings (passwords among them), read
 *     after the above; refused when every user may read it
 * @param properties further client properties, applied last (they override the above)
 */
public record KafkaSettings(
    String bootstrap,
    String securityProtocol,
    String saslMechanism,
    Path saslJaasConfigFile,
    Path sslTruststore,
    Path propertiesFile,
    Map<String, String> properties) {

  public KafkaSettings {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public static KafkaSettings plaintext(String bootstrap) {
    return new KafkaSettings(bootstrap, null, null, null, null, null, Map.of());
  }

  /** The client properties every consumer and producer gets. */
  public Properties clientProperties() {
    Map<String, Object> p = new TreeMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("client.dns.lookup", "use_all_dns_ips");
    if (securityProtocol != null) {
      p.put("security.protocol", securityProtocol);
    }
    if (saslMechanism != null) {
      p.put("sasl.mechanism", saslMechanism);
    }
    if (saslJaasConfigFile != null) {
      try {
        p.put("sasl.jaas.config", Files.readString(saslJaasConfigFile).trim());
      } catch (IOException e) {
        throw new KafkaSetupException(
            "cannot read --sasl-jaas-config-file "
                + saslJaasConfigFile
                + ": "
                + reason(e)
                + "; mount the file and check its permissions");
      }
    }
    if (sslTruststore != null) {
      if (!Files.isReadable(sslTruststore)) {
        throw new KafkaSetupException(
            "cannot read --ssl-truststore "
                + sslTruststore
                + "; mount the truststore and check its permissions");
      }
      p.put("ssl.truststore.location", sslTruststore.toString());
      String name = sslTruststore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      p.put(
          "ssl.truststore.type",
          name.endsWith(".jks")
              ? "JKS"
              : name.endsWith(".pem") || name.endsWith(".crt") ? "PEM" : "PKCS12");
    }
    if (propertiesFile != null) {
      propertiesFromFile(propertiesFile).forEach((k, v) -> p.put(k.toString(), v));
    }
    p.putAll(properties);
    Properties out = new Properties();
    out.putAll(p);
    return out;
  }

  /** Message when the properties file is readable by every user; %s: the file, its mode. */
  public static final String WORLD_READABLE =
      "refusing --kafka-properties %s: every user of this machine can read it (mode %s) and it may"
          + " hold passwords; chmod 600 it (or 640 for a group you trust)";

  private static Properties propertiesFromFile(Path file) {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.contains(PosixFilePermission.OTHERS_READ)) {
          throw new KafkaSetupException(
              String.format(WORLD_READABLE, file, PosixFilePermissions.toString(mode)));
        }
      }
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      }
      return p;
    } catch (IOException | IllegalArgumentException e) {
      // Never the file's content in a message: only where and what kind of failure.
      throw new KafkaSetupException(
          "cannot read --kafka-properties "
              + file
              + ": "
              + reason(e)
              + "; mount the file and check its permissions and its key=value lines");
    }
  }

  /** Why a file could not be read, without its content. */
  private static String reason(Exception e) {
    return e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
  }
}
