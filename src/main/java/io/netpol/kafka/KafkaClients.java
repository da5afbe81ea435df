package io.netpol.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates the Kafka clients {@code observe} uses, all from one {@link KafkaSettings}. */
public class KafkaClients {

  private final KafkaSettings settings;

  public KafkaClients(KafkaSettings settings) {
    this.settings = settings;
  }

  public KafkaSettings settings() {
    return settings;
  }

  /**
   * A consumer in {@code group} that never commits by itself: where it starts is decided by the
   * caller (stored offsets, or offsets committed in a transaction). It reads only committed
   * transactional data, which the edge stream needs and plain topics do not mind.
   */
  public Consumer<byte[], byte[]> consumer(String group, String clientId, int maxPollRecords) {
    Properties p = settings.clientProperties();
    p.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
    dropProducerOnly(p);
    try {
      return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw new KafkaSetupException(
          "cannot create a Kafka consumer: "
              + rootMessage(e)
              + "; check --kafka-bootstrap and the security options",
          e);
    }
  }

  /** An idempotent, transactional producer ({@code acks=all}) for consume-transform-produce. */
  public Producer<byte[], byte[]> transactionalProducer(String transactionalId) {
    Properties p = settings.clientProperties();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
    dropConsumerOnly(p);
    try {
      return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      throw new KafkaSetupException(
          "cannot create a Kafka producer: "
              + rootMessage(e)
              + "; check --kafka-bootstrap and the security options",
          e);
    }
  }

  /**
   * --kafka-property applies to every client; keep each client to the keys it knows, so none warns.
   */
  private static void dropProducerOnly(Properties p) {
    p.keySet()
        .removeIf(
            k ->
                !ConsumerConfig.configNames().contains(k.toString())
                    && ProducerConfig.configNames().contains(k.toString()));
  }

  private static void dropConsumerOnly(Properties p) {
    p.keySet()
        .removeIf(
            k ->
                !ProducerConfig.configNames().contains(k.toString())
                    && ConsumerConfig.configNames().contains(k.toString()));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
