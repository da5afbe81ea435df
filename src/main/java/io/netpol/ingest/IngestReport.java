package io.netpol.ingest;

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
  private volatile long inputsAlreadyRead;
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

  void alreadyRead() {
    inputsAlreadyRead++;
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

  public long inputsAlreadyRead() {
    return inputsAlreadyRead;
  }

  public long records() {
    return records;
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
