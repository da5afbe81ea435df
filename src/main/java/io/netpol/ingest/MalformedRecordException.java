package io.netpol.ingest;

/** A record that cannot be read; the message says why, the caller adds where. */
public final class MalformedRecordException extends RuntimeException {
  public MalformedRecordException(String reason) {
    super(reason, null, false, false);
  }
}
