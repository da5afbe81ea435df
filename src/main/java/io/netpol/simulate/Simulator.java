package io.netpol.simulate;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;

/** Synthetic flow logs of the reference voting app, for demos, tests and benchmarks. */
public final class Simulator {
  /** Output formats the simulator writes. */
  public enum Format {
    HUBBLE,
    CALICO;

    public static Format parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  private Simulator() {}

  /**
   * Writes a large cluster's traffic ({@code workloads} workloads, {@code edges} distinct edges) as
   * Calico flow-log records, one per edge; returns the count. For the propose benchmark.
   */
  public static long writeLargeCluster(Writer out, Instant start, int workloads, long edges)
      throws IOException {
    return new LargeCluster(out, start, workloads, edges).run();
  }

  /**
   * Writes at most {@code lines} lines of {@code format} starting at {@code start}; returns the
   * count.
   */
  public static long write(Format format, Writer out, Instant start, long lines)
      throws IOException {
    return format == Format.HUBBLE
        ? new HubbleSimulator(out, HubbleTopology.VOTING_APP, start, lines).run()
        : new CalicoSimulator(out, start, lines).run();
  }

  /**
   * Writes at most {@code lines} Hubble lines of a cluster of about {@code pods} distinct pods
   * instead of the voting app's ten; returns the count. For the observe benchmark.
   */
  public static long writeManyPods(Writer out, Instant start, int pods, long lines)
      throws IOException {
    return new HubbleSimulator(out, ManyPods.of(pods), start, lines).run();
  }
}
