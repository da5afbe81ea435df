package io.netpol.ingest;

import io.netpol.flow.LabelPolicy;
import java.time.Duration;

/**
 * How {@code observe} reads.
 *
 * @param batchRecords records per transaction (random connection hashes spread every transaction
 *     over most pages of the deduplication memory's table: fewer, larger ones write less)
 * @param dedupWindow how long a quiet connection is still the same connection
 * @param memoryCapacity how many recent connections the deduplication memory holds
 * @param maxRecordBytes lines or messages over this size are skipped
 */
public record IngestOptions(
    InputFormat format,
    boolean strict,
    LabelPolicy labelPolicy,
    int batchRecords,
    Duration dedupWindow,
    int memoryCapacity,
    int maxRecordBytes) {

  public static IngestOptions defaults() {
    return new IngestOptions(
        InputFormat.AUTO,
        false,
        LabelPolicy.defaults(),
        200_000,
        Duration.ofMinutes(10),
        500_000,
        1 << 20);
  }

  public IngestOptions withFormat(InputFormat f) {
    return new IngestOptions(
        f, strict, labelPolicy, batchRecords, dedupWindow, memoryCapacity, maxRecordBytes);
  }

  public IngestOptions withStrict(boolean s) {
    return new IngestOptions(
        format, s, labelPolicy, batchRecords, dedupWindow, memoryCapacity, maxRecordBytes);
  }

  public IngestOptions withLabelPolicy(LabelPolicy p) {
    return new IngestOptions(
        format, strict, p, batchRecords, dedupWindow, memoryCapacity, maxRecordBytes);
  }

  public IngestOptions withBatchRecords(int n) {
    return new IngestOptions(
        format, strict, labelPolicy, n, dedupWindow, memoryCapacity, maxRecordBytes);
  }

  public IngestOptions withMemoryCapacity(int n) {
    return new IngestOptions(
        format, strict, labelPolicy, batchRecords, dedupWindow, n, maxRecordBytes);
  }

  public IngestOptions withMaxRecordBytes(int n) {
    return new IngestOptions(
        format, strict, labelPolicy, batchRecords, dedupWindow, memoryCapacity, n);
  }
}
