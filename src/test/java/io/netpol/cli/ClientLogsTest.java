package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** What the libraries' logs show on stderr, with and without -v. */
class ClientLogsTest {
  private final ClientLogs logs = new ClientLogs();

  @AfterEach
  void quietAgain() {
    ClientLogs.verbose(false);
  }

  private static String stderrOf(Runnable r) {
    PrintStream was = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(was);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_busy_machines_blocked_event_loop_warning_shows_with_v_only_other_warnings_always() {
    Logger vertx = logs.getLoggerFactory().getLogger("io.vertx.core.impl.BlockedThreadChecker");
    Logger kafka = logs.getLoggerFactory().getLogger("org.apache.kafka.clients.NetworkClient");
    String blocked =
        "Thread Thread[vert.x-eventloop-thread-1,5,main] has been blocked for 2468 ms, time limit"
            + " is 2000 ms";

    assertEquals("", stderrOf(() -> vertx.warn(blocked)));
    assertEquals(
        "WARN NetworkClient: broker unreachable\n",
        stderrOf(() -> kafka.warn("broker unreachable")).replace("\r", ""));

    ClientLogs.verbose(true);
    assertEquals(
        "WARN BlockedThreadChecker: " + blocked + "\n",
        stderrOf(() -> vertx.warn(blocked)).replace("\r", ""));
  }
}
