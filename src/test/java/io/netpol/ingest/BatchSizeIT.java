package io.netpol.ingest;

import io.netpol.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where batches end changes nothing stored but the order rows were inserted in (and a file's
 * content marks, taken at its commits): a Kafka consumer's batches end with its polls and its
 * clock, so the same records must give the same store in batches of one record as in one batch.
 * (Rows compared with their references resolved, {@link SameStore#naturalTables}.)
 */
class BatchSizeIT {

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> every_shared_fixture_is_stored_the_same_in_batches_of_any_size()
      throws IOException {
    return SharedFixtures.each(
        fixture -> {
          Path all = dir.resolve(fixture.getFileName() + "-all.db");
          observe(all, fixture, 1_000_000);
          withoutContentMarks(all);
          for (int batch : new int[] {1, 7, 37, 50, 500}) {
            Path db = dir.resolve(fixture.getFileName() + "-" + batch + ".db");
            observe(db, fixture, batch);
            withoutContentMarks(db);
            SameStore.assertSameNaturalTables(
                all, db, fixture.getFileName() + " in batches of " + batch);
          }
        });
  }

  /** A file's content marks are taken at its commits, so they are the batches' by design. */
  private static void withoutContentMarks(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM ingest_mark");
    }
  }

  private static void observe(Path db, Path file, int batchRecords) {
    try (Store store = Store.open(db)) {
      new Ingestor(
              store, IngestOptions.defaults().withBatchRecords(batchRecords), ProgressListener.NONE)
          .run(List.of(file.toString()), InputStream.nullInputStream());
    }
  }
}
