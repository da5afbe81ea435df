package io.netpol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM running one of our entry points on the test class path, its output lines
 * collected as they arrive with the moment each arrived.
 */
public final class JavaProcess implements AutoCloseable {

  /** One line of output and when the test saw it. */
  public record Line(long atNanos, String text) {}

  private final Process process;
  private final List<Line> out = new ArrayList<>();
  private final List<Line> err = new ArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private JavaProcess(Process process, Path outFile, Path errFile) {
    this.process = process;
    outReader = follow(process, outFile, out, "stdout");
    errReader = follow(process, errFile, err, "stderr");
  }

  public static JavaProcess start(Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      // Output goes to files the test follows: reading a child's pipes while it exits may lose
      // its last lines ("Stream closed").
      Path outFile = Files.createTempFile("child-", ".out");
      Path errFile = Files.createTempFile("child-", ".err");
      outFile.toFile().deleteOnExit();
      errFile.toFile().deleteOnExit();
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(outFile.toFile())
              .redirectError(errFile.toFile())
              .start();
      return new JavaProcess(p, outFile, errFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads complete lines from {@code file} as they are written, until the process has ended. */
  private static Thread follow(Process process, Path file, List<Line> into, String name) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = Files.newInputStream(file)) {
                java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                while (true) {
                  boolean ended = !process.isAlive();
                  int n;
                  while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                      if (buf[i] == '\n') {
                        synchronized (into) {
                          into.add(
                              new Line(
                                  System.nanoTime(), partial.toString(StandardCharsets.UTF_8)));
                          into.notifyAll();
                        }
                        partial.reset();
                      } else {
                        partial.write(buf[i]);
                      }
                    }
                  }
                  if (ended) {
                    return;
                  }
                  Thread.sleep(10);
                }
              } catch (IOException | InterruptedException e) {
                // the test is over
              }
            },
            "child-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  public List<Line> out() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  public String err() {
    synchronized (err) {
      return String.join("\n", err.stream().map(Line::text).toList());
    }
  }

  /** Waits until a stdout line matches; fails the test with the output when none does in time. */
  public Line awaitOut(Predicate<String> match, Duration timeout) throws InterruptedException {
    return await(out, match, timeout);
  }

  public Line awaitErr(Predicate<String> match, Duration timeout) throws InterruptedException {
    return await(err, match, timeout);
  }

  private Line await(List<Line> lines, Predicate<String> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (Line l : lines) {
          if (match.test(l.text())) {
            return l;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no matching line within "
                  + timeout
                  + "\n--- stdout ---\n"
                  + text(out)
                  + "\n--- stderr ---\n"
                  + err());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  private static String text(List<Line> lines) {
    synchronized (lines) {
      return String.join("\n", lines.stream().map(Line::text).toList());
    }
  }

  /** The port of the metrics endpoint the process said it serves (--metrics-port 0). */
  public int metricsPort(Duration timeout) throws InterruptedException {
    return Integer.parseInt(
        awaitErr(l -> l.contains("serving Prometheus metrics"), timeout)
            .text()
            .replaceAll(".*:(\\d+)/metrics$", "$1"));
  }

  /** The exit code once it ended; fails the test when it does not end in time. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "still running after "
              + timeout
              + "\n--- stdout ---\n"
              + text(out)
              + "\n--- stderr ---\n"
              + err());
    }
    // Every line the process wrote is read once the pipes reach their end.
    outReader.join(timeout.toMillis());
    errReader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
