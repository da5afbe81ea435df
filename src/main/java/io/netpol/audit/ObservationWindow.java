package io.netpol.audit;

import io.netpol.flow.ObservedConnection;
import java.time.Instant;
import java.util.Collection;

/**
 * The time the stored evidence covers: the first and last observation of any connection.
 *
 * @param first the earliest first-seen time, or {@code null} when no connection carries one
 * @param last the latest last-seen time, or {@code null}
 * @param edges how many stored connections (edges) it spans
 */
public record ObservationWindow(Instant first, Instant last, int edges) {

  public static ObservationWindow of(Collection<ObservedConnection> connections) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (ObservedConnection c : connections) {
      if (c.firstSeenMs() > 0) {
        first = Math.min(first, c.firstSeenMs());
      }
      if (c.lastSeenMs() > 0) {
        last = Math.max(last, c.lastSeenMs());
      }
    }
    return new ObservationWindow(
        first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
        connections.size());
  }

  /** {@code 2026-11-20T10:00:00Z to 2026-11-20T10:02:00.105Z}, or {@code no observations}. */
  public String describe() {
    if (first == null || last == null) {
      return "no observations";
    }
    return first + " to " + last;
  }
}
