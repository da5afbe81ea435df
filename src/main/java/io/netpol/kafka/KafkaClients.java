package io.netpol.kafka;

import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
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
   *
   * <p>Memory is bounded where the client allows: fetches hold at most {@code fetch.max.bytes} of
   * (compressed) data; a key or value over {@code maxRecordBytes} is replaced by {@link
   * BoundedBytes#TOO_LARGE} without a copy; and a poll of {@link PollLoop} copies at most an eighth
   * of the heap of keys and values ({@link PollBudget}), so even a poll of messages just under the
   * limit fits. What the client does not bound: it decompresses each record whole before handing it
   * over, so one record expanding beyond the heap (a compression bomb) still runs the JVM out of
   * memory; {@link StoreConsumer} finds such a record after the restart and skips it.
   */
  public Consumer<byte[], byte[]> consumer(
      String group, String clientId, int maxPollRecords, int maxRecordBytes) {
    return consumer(group, clientId, maxPollRecords, maxRecordBytes, false);
  }

  /**
   * A consumer that returns one record per poll whatever the properties say, for {@link
   * StoreConsumer}'s careful reading (assigned by hand, it never joins the group).
   */
  public Consumer<byte[], byte[]> carefulConsumer(
      String group, String clientId, int maxRecordBytes) {
    return consumer(group, clientId, 1, maxRecordBytes, true);
  }

  private Consumer<byte[], byte[]> consumer(
      String group, String clientId, int maxPollRecords, int maxRecordBytes, boolean onePerPoll) {
    Properties p = settings.clientProperties();
    if (onePerPoll) {
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    }
    p.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long heap = Runtime.getRuntime().maxMemory();
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
    int partitionFetch = Math.max(1 << 20, maxRecordBytes + (16 << 10));
    p.putIfAbsent(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(partitionFetch));
    p.putIfAbsent(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
        Long.toString(Math.max(partitionFetch, Math.min(50L << 20, heap / 16))));
    dropProducerOnly(p);
    try {
      return new KafkaConsumer<>(
          p, new BoundedBytes(maxRecordBytes), new BoundedBytes(maxRecordBytes));
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
    return safeMessage(t);
  }

  private static final Pattern CONFIG_VALUE =
      Pattern.compile("(?s)Invalid value .*? for configuration (\\S+)");

  /**
   * A failure's message without configuration values (they may be passwords): Kafka's "Invalid
   * value VALUE for configuration NAME" keeps the name only, and a JAAS parse error says no more
   * than that.
   */
  public static String safeMessage(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof ConfigException) {
      return CONFIG_VALUE.matcher(message).replaceAll("invalid value for configuration $1");
    }
    if (message.contains("JAAS") || message.contains("jaas")) {
      return "the sasl.jaas.config value cannot be parsed (it is not shown: it holds a password)";
    }
    return message;
  }
}
