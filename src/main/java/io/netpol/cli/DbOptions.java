package io.netpol.cli;

import io.netpol.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the store is. */
public final class DbOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "SQLite database holding the observed connections (default: $NETPOL_DB, else ./"
              + Store.DEFAULT_DB
              + ").")
  Path db;

  Path resolve() {
    if (db != null) {
      return db;
    }
    String env = System.getenv(Store.ENV_DB);
    return Path.of(env != null && !env.isBlank() ? env : Store.DEFAULT_DB);
  }
}
