package io.netpol.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine;

/** Runs {@code netpol-recommend} in-process with a fixed clock and captured stdout and stderr. */
public final class CliHarness {

  /** The fixed "now" of every run: shortly after the sample flows (2026-11-20T10:00Z). */
  public static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  /** The outcome of one run; {@link #toString()} shows everything, for failure messages. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private CliHarness() {}

  public static Result run(String... args) {
    return run(NOW, args);
  }

  public static Result run(Instant now, String... args) {
    Services services = new Services() {
      @Override
      public Clock clock() {
        return Clock.fixed(now, ZoneOffset.UTC);
      }

      @Override
      public InputStream stdin() {
        return new ByteArrayInputStream(new byte[0]);
      }

      @Override
      public boolean interactive() {
        return false;
      }
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new RecommendCommand(), services);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
