package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code netpol-recommend} in-process, exactly as {@link Main} configures it. */
public final class CommandHarness {
  private CommandHarness() {}

  /** Exit code, stdout and stderr of one run. */
  public record Result(int exit, String out, String err) {
    /** Asserts the exit code, showing both streams when it differs. */
    public Result exits(int expected) {
      assertEquals(expected, exit, this::toString);
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  public static Result run(String... args) {
    return run(new TestServices(), args);
  }

  public static Result run(Services services, String... args) {
    return execute(new RecommendCommand(), services, args);
  }

  /** Runs {@code netpol-rollout} in-process. */
  public static Result rollout(Services services, String... args) {
    return execute(new RolloutCommand(), services, args);
  }

  private static Result execute(Object root, Services services, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(root, services);
    // Behind the same guard on control characters as stdout and stderr in a real run.
    cl.setOut(TerminalSafeWriter.guard(new PrintWriter(out, true)));
    cl.setErr(TerminalSafeWriter.guard(new PrintWriter(err, true)));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * {@code a} followed by {@code b}: a subcommand's arguments, then the options every run shares.
   */
  public static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Whether a line of {@code text}, its leading spaces aside, starts with a match of {@code regex}.
   */
  public static boolean hasLine(String text, String regex) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
    return text.lines().anyMatch(l -> p.matcher(l.strip()).lookingAt());
  }
}
