package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.CommandHarness;
import io.netpol.cli.Services;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docker-compose.yml sets up, against a real broker (no Docker engine here): the secrets
 * deploy/compose/dev-secrets.sh makes, a SASL_SSL (SCRAM-SHA-512) listener with the ACLs of
 * deploy/compose/kafka-setup.sh, and the client property files it writes. The shipper may only
 * write the flow topic, observe may only read it, and observe reads it with --kafka-properties.
 */
class SecureComposeIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  private static final Pattern ACL =
      Pattern.compile(
          "--allow-principal (User:\\S+)((?:\\s+--operation \\S+)+)\\s+--(topic|group) (\\S+)");

  @TempDir static Path secrets;

  private static KafkaClusterTestKit cluster;
  private static String secure;

  @BeforeAll
  static void startSecureBroker() throws Exception {
    ProcessBuilder script =
        new ProcessBuilder("sh", ROOT.resolve("deploy/compose/dev-secrets.sh").toString())
            .redirectErrorStream(true);
    String uid = String.valueOf(new com.sun.security.auth.module.UnixSystem().getUid());
    script.environment().put("OUT", secrets.toString());
    script.environment().put("KAFKA_UID", uid);
    script.environment().put("OBSERVE_UID", uid);
    script
        .environment()
        .put(
            "PATH",
            Path.of(System.getProperty("java.home"), "bin")
                + java.io.File.pathSeparator
                + System.getenv("PATH"));
    Process p = script.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp(
                "listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SECURE://localhost:0")
            .setConfigProp(
                "listener.security.protocol.map",
                "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL")
            .setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-512")
            .setConfigProp(
                "listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;")
            .setConfigProp("ssl.keystore.type", "PKCS12")
            .setConfigProp("ssl.keystore.location", secrets.resolve("kafka.p12").toString())
            .setConfigProp(
                "ssl.keystore.password", Files.readString(secrets.resolve("kafka.password")))
            .setConfigProp(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .setConfigProp("allow.everyone.if.no.acl.found", "false")
            // The plaintext listeners stand for the compose file's admin access.
            .setConfigProp("super.users", "User:ANONYMOUS")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    secure =
        "localhost:"
            + cluster.brokers().values().iterator().next().boundPort(new ListenerName("SECURE"));
    try (Admin admin = cluster.admin()) {
      List<UserScramCredentialUpsertion> users = new ArrayList<>();
      for (String user : List.of("shipper", "observe")) {
        users.add(
            new UserScramCredentialUpsertion(
                user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                Files.readString(secrets.resolve(user + ".password"))));
      }
      admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);
      admin
          .createTopics(List.of(new NewTopic("flows", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      admin.createAcls(aclsOfTheSetupScript()).all().get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  /** The ACLs deploy/compose/kafka-setup.sh creates, read from the script itself. */
  static List<AclBinding> aclsOfTheSetupScript() throws Exception {
    String script =
        Files.readString(ROOT.resolve("deploy/compose/kafka-setup.sh")).replace("\\\n", " ");
    List<AclBinding> out = new ArrayList<>();
    Matcher m = ACL.matcher(script);
    while (m.find()) {
      ResourceType type = m.group(3).equals("topic") ? ResourceType.TOPIC : ResourceType.GROUP;
      for (String op : m.group(2).trim().split("\\s*--operation\\s+")) {
        if (!op.isBlank()) {
          out.add(
              new AclBinding(
                  new ResourcePattern(type, m.group(4), PatternType.LITERAL),
                  new AccessControlEntry(
                      m.group(1),
                      "*",
                      AclOperation.fromString(op.trim()),
                      AclPermissionType.ALLOW)));
        }
      }
    }
    assertEquals(5, out.size(), "shipper: write+describe; observe: read+describe, group read");
    return out;
  }

  private static Properties client(String user) throws Exception {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(secrets.resolve(user + ".properties"))) {
      p.load(in);
    }
    p.put("bootstrap.servers", secure);
    return p;
  }

  private static void produce(String user, List<String> lines) throws Exception {
    Properties p = client(user);
    p.put("acks", "all");
    p.put("max.block.ms", "15000");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String line : lines) {
        producer
            .send(new ProducerRecord<>("flows", line.getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void the_shipper_writes_over_tls_and_observe_reads_with_its_properties_file() throws Exception {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("collectors/samples/voting-app-hubble.jsonl"))
            .subList(0, 100);
    produce("shipper", lines);

    CommandHarness.Result r =
        observe(secrets.resolve("observe.properties"), "netpol-compose", secrets.resolve("a.db"));
    r.exits(0);
    assertTrue(r.err().contains("observe: read 100 records"), r.toString());
    assertFalse(r.err().contains(Files.readString(secrets.resolve("observe.password"))));
  }

  @Test
  void observe_may_not_write_the_flow_topic() {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> produce("observe", List.of("{}")));
    assertTrue(e.getCause() instanceof AuthorizationException, e.toString());
  }

  @Test
  void the_shipper_may_not_read_the_flow_topic() throws Exception {
    CommandHarness.Result r =
        observe(secrets.resolve("shipper.properties"), "netpol-compose", secrets.resolve("b.db"));
    assertEquals(3, r.exit(), r.toString());
    assertTrue(r.err().contains("Not authorized"), r.toString());
  }

  private static CommandHarness.Result observe(Path properties, String group, Path db) {
    return CommandHarness.run(
        new Services(),
        "observe",
        "--kafka-bootstrap",
        secure,
        "--kafka-properties",
        properties.toString(),
        "--topic",
        "flows",
        "--group",
        group,
        "--exit-when-idle",
        "3s",
        "--db",
        db.toString());
  }
}
