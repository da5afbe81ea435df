package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the libraries' logs show on stderr, with and without -v: through SLF4J and the binding the
 * jar ships, as the Kafka client logs.
 */
class ClientLogsTest {
  private final Logger vertx = LoggerFactory.getLogger(ClientLogs.MACHINE_WARNINGS);
  private final Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");

  @AfterEach
  void quietAgain() {
    ClientLogs.verbose(false);
  }

  /** stderr while {@code r} runs, the logs set up as a command line with or without -v does. */
  private static String stderrOf(boolean verbose, Runnable r) {
    PrintStream was = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ClientLogs.verbose(verbose);
      r.run();
    } finally {
      System.setErr(was);
    }
    return captured.toString(StandardCharsets.UTF_8).replace("\r", "");
  }

  @Test
  void slf4j_logs_through_the_shipped_binding_not_the_silent_fallback() {
    assertEquals(
        "org.slf4j.jul.JDK14LoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
  }

  @Test
  void a_busy_machines_blocked_event_loop_warning_shows_with_v_only_other_warnings_always() {
    String blocked =
        "Thread Thread[vert.x-eventloop-thread-1,5,main] has been blocked for 2468 ms, time limit"
            + " is 2000 ms";

    assertEquals("", stderrOf(false, () -> vertx.warn(blocked)));
    assertEquals(
        "WARN NetworkClient: broker unreachable\n",
        stderrOf(false, () -> kafka.warn("broker unreachable")));
    assertEquals(
        "WARN BlockedThreadChecker: " + blocked + "\n", stderrOf(true, () -> vertx.warn(blocked)));
  }

  @Test
  void info_chatter_shows_with_v_only_also_on_a_logger_made_before() {
    // The logger exists before the command line chooses the level, as a library's static one does.
    assertEquals("", stderrOf(false, () -> kafka.info("ConsumerConfig values: {}", "...")));
    assertEquals(
        "INFO NetworkClient: ConsumerConfig values: ...\n",
        stderrOf(true, () -> kafka.info("ConsumerConfig values: {}", "...")));
    assertEquals("", stderrOf(false, () -> kafka.info("ConsumerConfig values: {}", "...")));
  }

  @Test
  void a_failure_is_named_on_the_line_and_its_stack_trace_shown_with_v() {
    IOException cause = new IOException("connection reset");

    assertEquals(
        "ERROR NetworkClient: fetch failed (java.io.IOException: connection reset)\n",
        stderrOf(false, () -> kafka.error("fetch failed", cause)));
    String verbose = stderrOf(true, () -> kafka.error("fetch failed", cause));
    assertTrue(
        verbose.startsWith(
            "ERROR NetworkClient: fetch failed\njava.io.IOException: connection reset\n\tat "),
        verbose);
  }

  @Test
  void a_line_from_a_library_cannot_forge_another_line_or_drive_the_terminal() {
    assertEquals(
        "WARN NetworkClient: topic \\u001b[2Jx\n    ERROR forged\n",
        stderrOf(false, () -> kafka.warn("topic \u001b[2Jx\nERROR forged")));
  }
}
