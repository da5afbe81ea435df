package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {

  @Test
  void control_characters_that_reach_the_writer_are_written_as_text_newlines_and_tabs_pass() {
    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalSafeWriter.guard(new PrintWriter(sink));

    out.println("a\u001b[2Jb\tc");
    out.print('\u0007');
    out.printf("x\ry\u009b%n");
    out.write("{\"json\":\"\\u001b\"}\n".toCharArray(), 0, 18);
    out.flush();

    assertEquals(
        "a\\u001b[2Jb\tc\n\\u0007x\\u000dy\\u009b\n{\"json\":\"\\u001b\"}\n", sink.toString());
  }

  @Test
  void a_long_string_is_guarded_across_its_whole_length() {
    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalSafeWriter.guard(new PrintWriter(sink));
    String text = "x".repeat(8191) + "\u001b" + "y".repeat(9000) + "\u0007";

    out.print(text);
    out.flush();

    assertEquals("x".repeat(8191) + "\\u001b" + "y".repeat(9000) + "\\u0007", sink.toString());
  }
}
