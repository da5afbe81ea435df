package io.netpol.ingest;

import io.netpol.flow.LabelLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What a run read, stored and skipped, and the problems it met. One thread writes it; the counts
 * and skip reasons may be read meanwhile by another (the metrics endpoint of a long run).
 */
public final class IngestReport {
  /** Problems kept verbatim; beyond this only counted. */
  public static final int MAX_PROBLEMS_KEPT = 1000;

  private volatile long inputs;
  private volatile long notFlowLogs;
  private LabelLimits labelLimits = LabelLimits.defaults();
  private volatile long endpointsCut;
  private volatile long labelsBeyondLimit;
  private volatile long labelsTooLong;
  private final List<PriorRead> priorReads = new ArrayList<>();
  private volatile long records;
  private volatile long connections;
  private volatile long bytes;
  private volatile long malformed;
  private final Map<String, Long> skipped = new ConcurrentSkipListMap<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> failedInputs = new ArrayList<>();
  private long problemsDropped;

  public void input() {
    inputs++;
  }

  /** An input found in a folder that is not a flow log: neither read nor counted as a record. */
  void notAFlowLog() {
    notFlowLogs++;
  }

  /** Files found in folders that are not flow logs (skipped; included in {@link #inputs()}). */
  public long notFlowLogs() {
    return notFlowLogs;
  }

  void labelLimits(LabelLimits limits) {
    this.labelLimits = limits;
  }

  void labelsCut(LabelCut cut) {
    endpointsCut++;
    labelsBeyondLimit += cut.beyondLimit;
    labelsTooLong += cut.tooLong;
  }

  /** The label limits the run applied. */
  public LabelLimits labelLimits() {
    return labelLimits;
  }

  /** Endpoints whose labels were cut (once per endpoint while its labels are remembered). */
  public long endpointsWithLabelsCut() {
    return endpointsCut;
  }

  /** Labels left out because their endpoint already had as many as the limit allows. */
  public long labelsBeyondLimit() {
    return labelsBeyondLimit;
  }

  /** Labels left out because they were longer than the limit. */
  public long labelsTooLong() {
    return labelsTooLong;
  }

  void priorRead(PriorRead p) {
    priorReads.add(p);
  }

  public void record(long size) {
    records++;
    bytes += size;
  }

  void connections(long delta) {
    connections += delta;
  }

  public void skipped(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  public void malformed(Problem p) {
    malformed++;
    skipped.merge("malformed", 1L, Long::sum);
    problem(p);
  }

  public void problem(Problem p) {
    if (problems.size() < MAX_PROBLEMS_KEPT) {
      problems.add(p);
    } else {
      problemsDropped++;
    }
  }

  void failedInput(Problem p) {
    failedInputs.add(p);
  }

  public long inputs() {
    return inputs;
  }

  /** Inputs that shared content with what was read before, in the order they were read. */
  public List<PriorRead> priorReads() {
    return Collections.unmodifiableList(priorReads);
  }

  /** How many inputs found content read before of {@code kind}. */
  public long priorReads(PriorRead.Kind kind) {
    return priorReads.stream().filter(p -> p.kind() == kind).count();
  }

  public long records() {
    return records;
  }

  private volatile long commits;
  private volatile long commitNanos;
  private volatile long commitCpuNanos;

  /** A batch was written to the store in {@code nanos}, {@code cpuNanos} of them on a CPU. */
  void committed(long nanos, long cpuNanos) {
    commits++;
    commitNanos += nanos;
    commitCpuNanos += cpuNanos;
  }

  /** CPU time of those transactions. */
  public long commitCpuNanos() {
    return commitCpuNanos;
  }

  /** Transactions that wrote to the store. */
  public long commits() {
    return commits;
  }

  /** Time spent writing those transactions. */
  public long commitNanos() {
    return commitNanos;
  }

  public long bytes() {
    return bytes;
  }

  /** Net new connections counted into the store by this run. */
  public long connections() {
    return connections;
  }

  public long malformed() {
    return malformed;
  }

  public Map<String, Long> skipped() {
    return Collections.unmodifiableMap(skipped);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  public long problemsNotShown() {
    return problemsDropped;
  }

  /** Inputs that could not be read at all or only partly (missing, truncated, unknown format). */
  public List<Problem> failedInputs() {
    return Collections.unmodifiableList(failedInputs);
  }
}
