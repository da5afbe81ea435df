package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.files.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store holds the cluster's topology: its files are the owner's only. */
class StorePermissionsIT {
  @TempDir Path dir;

  @Test
  void a_new_store_and_its_wal_and_shm_files_are_created_0600() throws Exception {
    Path db = dir.resolve("netpol.db");
    try (Store store = Store.open(db);
        Statement s = store.connection().createStatement()) {
      s.execute("CREATE TABLE probe (x)");
      s.execute("INSERT INTO probe VALUES (1)");
      for (String name : new String[] {"netpol.db", "netpol.db-wal", "netpol.db-shm"}) {
        Path file = dir.resolve(name);
        assertTrue(Files.exists(file), name + " exists while the store is open");
        assertEquals(
            PosixFilePermissions.toString(OwnerOnlyFiles.FILE),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
            name);
      }
    }
  }

  @Test
  void an_existing_store_keeps_the_permissions_its_owner_gave_it() throws Exception {
    Path db = dir.resolve("shared.db");
    Store.open(db).close();
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));

    Store.open(db).close();

    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
  }
}
