package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writing thread of propose: in order, a few namespaces ahead at most, failures surface. */
class WritingThreadTest {

  @Test
  void namespaces_are_written_in_the_order_they_were_handed_over() {
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    List<String> handed = new ArrayList<>();
    try (WritingThread w = new WritingThread((ns, policies) -> written.add(ns))) {
      for (int i = 0; i < 200; i++) {
        String ns = String.format("ns-%03d", i);
        handed.add(ns);
        w.accept(ns, List.of());
      }
      w.drain();
    }
    assertEquals(handed, written);
  }

  @Test
  void a_writing_failure_surfaces_on_the_proposing_thread_and_stops_the_writing() {
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    NetpolException thrown;
    try (WritingThread w =
        new WritingThread(
            (ns, policies) -> {
              if (ns.equals("ns-3")) {
                throw new NetpolException(ExitCode.UNEXPECTED_STATE, "disk full");
              }
              written.add(ns);
            })) {
      thrown =
          assertThrows(
              NetpolException.class,
              () -> {
                for (int i = 0; i < 20; i++) {
                  w.accept("ns-" + i, List.of());
                }
                w.drain();
              });
    }
    assertEquals("disk full", thrown.getMessage());
    assertEquals(ExitCode.UNEXPECTED_STATE, thrown.exitCode());
    assertEquals(List.of("ns-0", "ns-1", "ns-2"), written.subList(0, 3));
    assertTrue(written.size() <= 3 + WritingThread.AHEAD, written::toString);
  }

  @Test
  void the_proposing_thread_waits_when_the_writing_falls_behind() throws Exception {
    CountDownLatch disk = new CountDownLatch(1);
    AtomicInteger handed = new AtomicInteger();
    try (WritingThread w =
        new WritingThread(
            (ns, policies) -> {
              try {
                disk.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      Thread proposing =
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  w.accept("ns-" + i, List.of());
                  handed.incrementAndGet();
                }
                w.drain();
              });
      proposing.start();
      proposing.join(500);
      assertTrue(handed.get() <= WritingThread.AHEAD + 1, "handed over " + handed);
      disk.countDown();
      proposing.join(TimeUnit.MINUTES.toMillis(1));
      assertEquals(10, handed.get());
    }
  }
}
