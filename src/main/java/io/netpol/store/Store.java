package io.netpol.store;

import io.netpol.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite database ({@code netpol.db}): aggregated edges, label sets, ingest checkpoints and the
 * deduplication memory. WAL mode lets {@code flows} and {@code propose} read while {@code observe}
 * writes; every ingest batch is one transaction.
 */
public final class Store implements AutoCloseable {

  /** Environment variable naming the database when {@code --db} is not given. */
  public static final String ENV_DB = "NETPOL_DB";

  public static final String DEFAULT_DB = "netpol.db";

  private final Path path;
  private final Connection connection;

  private Store(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /** Opens (creating if needed) and migrates the database at {@code path}. */
  public static Store open(Path path) {
    return open(path, Migrations.latest());
  }

  /** Opens and migrates only up to {@code version}; for tests of migrations. */
  static Store open(Path path, int version) {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new StoreException(
          "cannot open database "
              + path
              + ": folder "
              + parent
              + " does not exist; create it or pass another --db");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new StoreException(
          "cannot open database " + path + ": it is not a regular file; pass another --db");
    }
    try {
      // SQLite gives the -wal and -shm files the database's permissions: owner only, like it.
      OwnerOnlyFiles.createFileIfMissing(path);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create database " + path + ": " + e.getMessage() + "; check the folder", e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(15_000);
    // Take the write lock when a transaction begins: a deferred one that read first (the checkpoint
    // check) cannot upgrade after another process committed, and would fail instead of waiting.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    Connection c = null;
    try {
      c =
          DriverManager.getConnection(
              "jdbc:sqlite:" + path.toAbsolutePath(), config.toProperties());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA temp_store = MEMORY");
        s.execute("PRAGMA cache_size = -65536");
      }
      Migrations.migrate(c, version, path.toString());
      return new Store(path, c);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException(describe(path, e), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static String describe(Path path, SQLException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("NOTADB")
        || msg.contains("not a database")
        || msg.contains("file is not a database")) {
      return "cannot open database "
          + path
          + ": the file is not a SQLite database; pass another --db";
    }
    if (msg.contains("READONLY") || msg.contains("CANTOPEN")) {
      return "cannot open database "
          + path
          + ": "
          + msg
          + "; check the file and folder permissions";
    }
    return "database " + path + ": " + msg;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing; the original error is the one to report
      }
    }
  }

  public Path path() {
    return path;
  }

  public int schemaVersion() {
    try {
      return Migrations.currentVersion(connection);
    } catch (SQLException e) {
      throw new StoreException(describe(path, e), e);
    }
  }

  Connection connection() {
    return connection;
  }

  public IngestWriter ingestWriter() {
    return new IngestWriter(this);
  }

  public KafkaReaders kafkaReaders() {
    return new KafkaReaders(this);
  }

  public RolloutStore rollouts() {
    return new RolloutStore(this);
  }

  public EdgeReader edges() {
    return new EdgeReader(this);
  }

  /** Work inside a transaction. */
  interface SqlWork {
    void run() throws SQLException;
  }

  /** Runs {@code work} as one transaction: all of it is committed, or none of it. */
  void transaction(String what, SqlWork work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  StoreException failure(String what, SQLException e) {
    return new StoreException(what + " in " + path + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("closing", e);
    }
  }
}
