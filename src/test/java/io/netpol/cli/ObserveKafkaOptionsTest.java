package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.failure.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Invalid combinations of paths and Kafka options are usage errors (exit 2) naming the fix. */
class ObserveKafkaOptionsTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(KafkaOptions.NOTHING_TO_READ, new String[] {}),
        Arguments.of(
            KafkaOptions.PATHS_AND_KAFKA,
            new String[] {"--kafka-bootstrap", "k:9092", "--topic", "t", "flows.log"}),
        Arguments.of(KafkaOptions.NEEDS_TOPIC, new String[] {"--kafka-bootstrap", "k:9092"}),
        Arguments.of(
            String.format(KafkaOptions.NEEDS_BOOTSTRAP, "--topic"),
            new String[] {"--topic", "t", "flows.log"}),
        Arguments.of(
            String.format(KafkaOptions.NEEDS_BOOTSTRAP, "--exit-when-idle"),
            new String[] {"--exit-when-idle", "10s", "f"}),
        Arguments.of(
            String.format(KafkaOptions.BAD_BOOTSTRAP, "kafka"),
            new String[] {"--kafka-bootstrap", "kafka", "--topic", "t"}),
        Arguments.of(
            KafkaOptions.TOPIC_AND_EDGES,
            new String[] {"--kafka-bootstrap", "k:9092", "--topic", "t", "--edges-topic", "e"}),
        Arguments.of(
            KafkaOptions.EMIT_INTO_SAME,
            new String[] {"--kafka-bootstrap", "k:9092", "--topic", "t", "--emit-edges", "t"}),
        Arguments.of(
            KafkaOptions.STRICT_ON_KAFKA,
            new String[] {"--kafka-bootstrap", "k:9092", "--topic", "t", "--strict"}),
        Arguments.of(
            KafkaOptions.JAAS_WITHOUT_SASL,
            new String[] {
              "--kafka-bootstrap", "k:9092", "--topic", "t", "--sasl-jaas-config-file", "/etc/jaas"
            }));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalid_combinations_are_usage_errors_that_name_the_fix(String message, String[] args) {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new RecommendCommand(), new Services());
    cl.setErr(new PrintWriter(err, true));
    String[] argv =
        Stream.concat(Stream.of("observe", "--db", "unused.db"), Stream.of(args))
            .toArray(String[]::new);
    assertEquals(ExitCode.INVALID_INPUT.code(), cl.execute(argv), err.toString());
    assertTrue(err.toString().contains(message), err.toString());
  }

  @ParameterizedTest
  @MethodSource("durations")
  void idle_durations_read_like_people_write_them(String text, long millis) {
    assertEquals(millis, new DurationConverter().convert(text).toMillis());
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("10s", 10_000L),
        Arguments.of("500ms", 500L),
        Arguments.of("2m", 120_000L),
        Arguments.of("PT1M", 60_000L));
  }
}
