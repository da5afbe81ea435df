package io.netpol.cli;

import io.netpol.failure.ExitCode;
import io.netpol.failure.NetpolException;
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

  /** The message when a command that reads the store finds none. */
  static final String NO_DATABASE =
      "no database at %s: run 'netpol-recommend observe' first or pass --db";

  /** The store's path, which must exist: only observe creates a store. */
  Path existing() {
    Path path = resolve();
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new NetpolException(ExitCode.INVALID_INPUT, String.format(NO_DATABASE, path));
    }
    return path;
  }

  Path resolve() {
    if (db != null) {
      return db;
    }
    String env = System.getenv(Store.ENV_DB);
    return Path.of(env != null && !env.isBlank() ? env : Store.DEFAULT_DB);
  }
}
