package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running out of memory ends with one line, exit 4, and a stack trace only when asked for. */
class OutOfMemoryTest {
  @TempDir Path dir;

  /** Services whose store runs out of memory as it opens, as a huge read would. */
  private static Services failing(Throwable t) {
    return new TestServices() {
      @Override
      public Store openStore(Path db) {
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
    };
  }

  private CommandHarness.Result flows(Services services, String... more) throws Exception {
    Path db = dir.resolve("netpol.db");
    Files.writeString(db, "");
    return CommandHarness.run(
        services, CommandHarness.concat(new String[] {"flows", "--db", db.toString()}, more));
  }

  @Test
  void running_out_of_heap_prints_one_line_saying_how_to_give_more_and_exits_4() throws Exception {
    CommandHarness.Result r = flows(failing(new OutOfMemoryError("Java heap space"))).exits(4);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(
        r.err().startsWith("netpol-recommend: out of memory (Java heap space, heap limit "),
        r::toString);
    assertTrue(r.err().contains(") running flows; "), r::toString);
    assertTrue(r.err().contains("NETPOL_JAVA_OPTS=-Xmx2g"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void an_out_of_memory_error_wrapped_in_another_failure_reads_the_same() throws Exception {
    RuntimeException wrapped =
        new IllegalStateException("decode failed", new OutOfMemoryError("Java heap space"));
    CommandHarness.Result r = flows(failing(wrapped)).exits(4);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().contains(OutOfMemory.HOW_TO_GIVE_MORE), r::toString);
  }

  @Test
  void with_verbose_the_stack_trace_follows_the_line() throws Exception {
    CommandHarness.Result r = flows(failing(new OutOfMemoryError("Java heap space")), "-v");
    r.exits(4);
    assertTrue(r.err().contains("java.lang.OutOfMemoryError: Java heap space\n\tat "), r::toString);
  }
}
