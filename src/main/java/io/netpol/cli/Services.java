package io.netpol.cli;

import io.netpol.store.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds what commands work with (store, clock, standard input), so commands stay thin and tests
 * can run them in-process against real components with a fixed clock.
 */
public class Services {

  public Store openStore(Path db) {
    return Store.open(db);
  }

  public Clock clock() {
    return Clock.systemUTC();
  }

  public InputStream stdin() {
    return System.in;
  }

  /** Whether progress lines make sense (stderr is an interactive terminal). */
  public boolean interactive() {
    return System.console() != null;
  }
}
