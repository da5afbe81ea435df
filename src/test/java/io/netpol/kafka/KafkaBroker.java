package io.netpol.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker in-process: one combined controller+broker node, replication factor 1. Either
 * {@link #start()}ed by hand, or one per test class: {@code @RegisterExtension static final
 * KafkaBroker broker = KafkaBroker.perClass();}.
 */
final class KafkaBroker implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  /** A message to produce. */
  record Message(byte[] key, byte[] value) {}

  private KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** A broker started before the test class's first test and stopped after its last. */
  static KafkaBroker perClass() {
    return new KafkaBroker(null);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster = start().cluster;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  static KafkaBroker start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new KafkaBroker(cluster);
  }

  String bootstrap() {
    return cluster.bootstrapServers();
  }

  KafkaSettings settings() {
    return KafkaSettings.plaintext(bootstrap());
  }

  void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = cluster.admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Produces every message (idempotent, acks=all) and checks every send's result. */
  void produce(String topic, List<Message> messages) throws Exception {
    produce(topic, messages, Map.of());
  }

  /** The same with further producer properties (compression, size limits). */
  void produce(String topic, List<Message> messages, Map<String, Object> properties)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("linger.ms", "5");
    p.put("compression.type", "lz4");
    p.putAll(properties);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
      for (Message m : messages) {
        sent.add(producer.send(new ProducerRecord<>(topic, m.key(), m.value())));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS); // throws if the send failed
      }
    }
  }

  /** The end offset of every partition of {@code topic}. */
  Map<TopicPartition, Long> endOffsets(String topic, int partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = cluster.admin()) {
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int i = 0; i < partitions; i++) {
        request.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out =
          new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
      admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * bin/netpol-recommend observe reading {@code topic} of this broker in {@code group} into {@code
   * db} until idle for 2 s, with this JVM's java; {@code extra} options follow.
   */
  ProcessBuilder launcherObserve(String topic, String group, Path db, List<String> extra) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "sh",
                "bin/netpol-recommend",
                "observe",
                "--kafka-bootstrap",
                bootstrap(),
                "--topic",
                topic,
                "--group",
                group,
                "--exit-when-idle",
                "2s",
                "--db",
                db.toString()));
    command.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return pb;
  }
}
