package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kafka.KafkaSettings;
import io.netpol.kafka.KafkaSetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in configuration stay out of the process list and out of error messages. */
class ConfigSecretsTest {

  @TempDir Path dir;

  private Path propertiesFile(String mode) throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(
        file,
        "security.protocol=SSL\nssl.keystore.location=/etc/kafka/observe.p12\n"
            + "ssl.keystore.password=hunter2-keystore\nssl.key.password=hunter2-key\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void a_properties_file_only_its_owner_reads_supplies_the_client_settings() throws Exception {
    Properties p =
        new KafkaSettings(
                "kafka:9093", null, null, null, null, propertiesFile("rw-------"), Map.of())
            .clientProperties();
    assertEquals("SSL", p.getProperty("security.protocol"));
    assertEquals("hunter2-keystore", p.getProperty("ssl.keystore.password"));
    assertEquals("kafka:9093", p.getProperty("bootstrap.servers"));
  }

  @Test
  void a_properties_file_every_user_can_read_is_refused_naming_the_fix() throws Exception {
    Path file = propertiesFile("rw-r--r--");
    CommandHarness.Result r =
        CommandHarness.run(
                "observe",
                "--db",
                dir.resolve("x.db").toString(),
                "--kafka-bootstrap",
                "localhost:9",
                "--topic",
                "flows",
                "--kafka-properties",
                file.toString())
            .exits(ExitCode.INVALID_INPUT.code());
    assertTrue(
        r.err().contains(String.format(KafkaSettings.WORLD_READABLE, file, "rw-r--r--")),
        r.toString());
    assertFalse(r.err().contains("hunter2"), r.toString());
  }

  @Test
  void an_invalid_property_value_is_not_echoed_in_the_error() {
    CommandHarness.Result r =
        CommandHarness.run(
                "observe",
                "--db",
                dir.resolve("x.db").toString(),
                "--kafka-bootstrap",
                "localhost:9",
                "--topic",
                "flows",
                "--kafka-property",
                "security.protocol=hunter2-password")
            .exits(ExitCode.INVALID_INPUT.code());
    assertTrue(r.err().contains("invalid value for configuration security.protocol"), r.toString());
    assertFalse(r.err().contains("hunter2"), r.toString());
  }

  @Test
  void a_malformed_kubeconfig_field_is_named_by_its_path_never_by_its_value() throws Exception {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters:\n- name: k\n  cluster:\n    server: https://k:6443\n"
            + "    insecure-skip-tls-verify: hunter2-token-value\n"
            + "contexts:\n- name: c\n  context: {cluster: k, user: u}\n"
            + "users:\n- name: u\n  user: {token: abc}\n");
    KubeOptions options = new KubeOptions();
    options.kubeconfig = kubeconfig;
    NetpolException e =
        assertThrows(NetpolException.class, () -> new Services().kubernetes(options).close());
    assertTrue(
        e.getMessage().contains("clusters[0].cluster.insecure-skip-tls-verify"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void a_bad_jaas_file_path_names_the_file_not_a_value() {
    KafkaSetupException e =
        assertThrows(
            KafkaSetupException.class,
            () ->
                new KafkaSettings(
                        "k:9093",
                        "SASL_SSL",
                        "SCRAM-SHA-512",
                        dir.resolve("missing.jaas"),
                        null,
                        null,
                        Map.of())
                    .clientProperties());
    assertTrue(e.getMessage().contains("missing.jaas: no such file"), e.getMessage());
  }
}
