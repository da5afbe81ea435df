package io.netpol.ingest;

/**
 * Something wrong with the input, found while ingesting: where (file:line, file, or
 * topic/partition/offset) and why.
 */
public record Problem(String location, String reason) {
  @Override
  public String toString() {
    return location + ": " + reason;
  }
}
