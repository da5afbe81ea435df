package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import io.netpol.kafka.EdgePublishException;
import io.netpol.kafka.KafkaSetupException;
import io.netpol.kube.ClusterException;
import io.netpol.kube.PolicyInputException;
import io.netpol.rollout.PlanException;
import io.netpol.rollout.RolloutService;
import io.netpol.rollout.RolloutStateException;
import io.netpol.store.StoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every failure ends the run with one line and the exit code its kind calls for. */
class ErrorHandlerTest {

  @Command(name = "netpol-recommend")
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  static Stream<Arguments> failures() {
    Throwable io = new java.io.IOException("disk full");
    return Stream.of(
        Arguments.of(new NetpolException(ExitCode.FINDING, "a gate failed"), 1, "a gate failed"),
        Arguments.of(new PlanException("plan.yaml:3:5: bad"), 2, "plan.yaml:3:5: bad"),
        Arguments.of(new PolicyInputException("p.yaml: bad"), 2, "p.yaml: bad"),
        Arguments.of(new KafkaSetupException("--topic: missing"), 2, "--topic: missing"),
        Arguments.of(new RolloutStateException("not next"), 3, "not next"),
        Arguments.of(new RolloutService.LockedException("held by x"), 3, "held by x"),
        Arguments.of(new ClusterException("cannot list pods", io), 3, "cannot list pods"),
        Arguments.of(new EdgePublishException("aborted", io), 3, "aborted"),
        Arguments.of(new StoreException("cannot open netpol.db", io), 3, "cannot open netpol.db"),
        Arguments.of(
            new org.apache.kafka.common.KafkaException("timeout"),
            3,
            "Kafka: timeout; check --kafka-bootstrap, the security options and the topic"),
        Arguments.of(
            new IllegalStateException("bug"),
            4,
            "internal error: java.lang.IllegalStateException: bug (please report it with the"
                + " output of --stacktrace)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void each_failure_is_one_line_and_the_exit_code_of_its_kind(
      Exception failure, int exit, String message) {
    CommandLine cl = new CommandLine(new Root());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));

    int code = new ErrorHandler().handleExecutionException(failure, cl, cl.parseArgs());

    assertEquals(exit, code);
    assertEquals("netpol-recommend: " + message + System.lineSeparator(), err.toString());
  }
}
