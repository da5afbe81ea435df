package io.netpol.rollout;

import io.netpol.flow.ObservedConnection;
import java.util.List;

/**
 * The stored connections a pre-flight replays, read one namespace at a time, so a step's checks
 * read what the step's namespace saw and not the whole cluster's traffic.
 */
public interface StoredConnections {
  /** True when the store holds no connection at all (observe never ran on it). */
  boolean none();

  /** The stored connections with a side in {@code namespace}. */
  List<ObservedConnection> touching(String namespace);
}
