package io.netpol.cli;

import io.netpol.failure.ExitCode;
import picocli.CommandLine;

/** Entry point of {@code netpol-recommend}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    OutOfMemory.onEveryThread("netpol-recommend");
    System.exit(run(new Services(), args));
  }

  /** Runs with the given services; the exit code is returned, not exited with. */
  public static int run(Services services, String... args) {
    return commandLine(new RecommendCommand(), services).execute(args);
  }

  /** A configured command line for {@code root}, creating commands with {@code services}. */
  static CommandLine commandLine(Object root, Services services) {
    CommandLine cl = new CommandLine(root, new CommandFactory(services));
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    OutputOptions.nameTheFormats(cl);
    // One strategy (picocli keeps the last one set): client logging as -v asks, then the command,
    // whose OutOfMemoryError becomes one line.
    cl.setExecutionStrategy(
        parseResult -> {
          ClientLogs.verbose(ClientLogs.verbose(parseResult));
          return OutOfMemory.execute(parseResult, new CommandLine.RunLast());
        });
    cl.setOut(TerminalSafeWriter.guard(cl.getOut()));
    cl.setErr(TerminalSafeWriter.guard(cl.getErr()));
    return cl;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCode.INVALID_INPUT.code();
  }

  /** Gives commands that want them the services; everything else picocli creates itself. */
  private record CommandFactory(Services services) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(Services.class).newInstance(services);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
