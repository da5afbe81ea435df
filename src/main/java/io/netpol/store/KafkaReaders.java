package io.netpol.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which Kafka partitions which process is reading ({@code kafka_reader}). A clean end removes a
 * process's rows, so a row whose process is gone means that process died while reading: the next
 * run on the same host reads those partitions carefully and learns from {@link Reader#reading()}
 * which record killed a careful reader.
 */
public final class KafkaReaders {

  /**
   * One process reading one partition.
   *
   * @param reading the offset a careful reader was reading, or -1
   */
  public record Reader(String source, String host, long pid, long processStart, long reading) {

    /** Whether the process that wrote this row is still running (on this host). */
    public boolean alive() {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().startInstant())
          .map(i -> i.toEpochMilli() == processStart)
          .orElse(false);
    }
  }

  /** This process, as it identifies itself in the table. */
  public record Self(String host, long pid, long processStart) {
    public static Self current(String host) {
      ProcessHandle me = ProcessHandle.current();
      return new Self(
          host, me.pid(), me.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L));
    }
  }

  private final Store store;

  KafkaReaders(Store store) {
    this.store = store;
  }

  /** The rows of {@code host} for sources starting with {@code prefix}. */
  public List<Reader> of(String host, String prefix) {
    List<Reader> out = new ArrayList<>();
    try (PreparedStatement ps =
        store
            .connection()
            .prepareStatement(
                "SELECT source, host, pid, process_start, reading FROM kafka_reader"
                    + " WHERE host = ? AND substr(source, 1, length(?)) = ? ORDER BY source")) {
      ps.setString(1, host);
      ps.setString(2, prefix);
      ps.setString(3, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Reader(
                  rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading kafka_reader", e);
    }
    return out;
  }

  /** {@code self} reads these sources (from now on, or carefully at offset {@code reading}). */
  public void hold(Self self, Collection<String> sources, long reading) {
    store.transaction(
        "recording the partitions read",
        () -> {
          try (PreparedStatement ps =
              store
                  .connection()
                  .prepareStatement(
                      "INSERT INTO kafka_reader (source, host, pid, process_start, reading)"
                          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, host) DO UPDATE SET"
                          + " pid = excluded.pid, process_start = excluded.process_start,"
                          + " reading = excluded.reading")) {
            for (String source : sources) {
              ps.setString(1, source);
              ps.setString(2, self.host());
              ps.setLong(3, self.pid());
              ps.setLong(4, self.processStart());
              ps.setLong(5, reading);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        });
  }

  /** The rows of {@code host} for these sources are gone (a clean hand-over or end). */
  public void release(String host, Collection<String> sources) {
    store.transaction(
        "recording the partitions read",
        () -> {
          try (PreparedStatement ps =
              store
                  .connection()
                  .prepareStatement("DELETE FROM kafka_reader WHERE host = ? AND source = ?")) {
            for (String source : sources) {
              ps.setString(1, host);
              ps.setString(2, source);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        });
  }
}
