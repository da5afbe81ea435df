package io.netpol.ingest;

/** Told about progress on long runs; the command decides whether and how to show it. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (input, records, bytes) -> {};

  void progress(String input, long records, long bytes);
}
