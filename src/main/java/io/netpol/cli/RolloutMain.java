package io.netpol.cli;

/** Entry point of {@code netpol-rollout}. */
public final class RolloutMain {
  private RolloutMain() {}

  public static void main(String[] args) {
    OutOfMemory.onEveryThread("netpol-rollout");
    System.exit(Main.commandLine(new RolloutCommand(), new Services()).execute(args));
  }
}
