package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollout recorded by schema 3 (snapshots and actions by name) survives the move to schema 4. */
class RolloutMigrationIT {
  @TempDir Path dir;

  @Test
  void a_schema_3_step_keeps_its_snapshots_and_actions_as_legacy_object_changes() throws Exception {
    Path db = dir.resolve("old.db");
    try (Store old = Store.open(db, 3);
        Statement s = old.connection().createStatement()) {
      s.execute(
          "INSERT INTO rollout_step (step_id, plan, namespace, step_index, status, started_at,"
              + " applied_at, soak_until, rolled_back_at, denied_baseline, forced) VALUES"
              + " ('p.ns.1', 'p', 'ns', 0, 'applied', 10, 11, 12, NULL, 3, 0)");
      s.execute(
          "INSERT INTO rollout_action (step_id, name, action, done) VALUES ('p.ns.1', 'a', 'created', 1)");
      s.execute(
          "INSERT INTO rollout_action (step_id, name, action, done) VALUES ('p.ns.1', 'b', 'updated', 1)");
      s.execute(
          "INSERT INTO rollout_action (step_id, name, action, done) VALUES ('p.ns.1', 'c', 'deleted', 0)");
      s.execute(
          "INSERT INTO rollout_snapshot (step_id, name, object) VALUES ('p.ns.1', 'b', '{\"b\":1}')");
      s.execute(
          "INSERT INTO rollout_snapshot (step_id, name, object) VALUES ('p.ns.1', 'c', '{\"c\":1}')");
      s.execute(
          "INSERT INTO rollout_snapshot (step_id, name, object) VALUES ('p.ns.1', 'x', '{\"x\":1}')");
    }
    try (Store store = Store.open(db)) {
      assertEquals(Migrations.latest(), store.schemaVersion());
      StepRecord step = store.rollouts().steps("p").get(0);
      assertEquals(StepRecord.APPLIED, step.status());
      assertEquals("enforce", step.mode());
      assertEquals(3, step.deniedBaseline());
      List<ObjectRecord> objects = store.rollouts().objects("p.ns.1");
      assertEquals(3, objects.size(), "only what the step touched: " + objects);
      ObjectRecord a = objects.get(0);
      assertEquals("NetworkPolicy", a.kind());
      assertEquals("create", a.action());
      assertNull(a.before());
      assertTrue(a.legacy() && a.done(), "ownership of what it created is told by its annotation");
      assertEquals("update", objects.get(1).action());
      assertEquals("{\"b\":1}", objects.get(1).before());
      assertTrue(objects.get(1).legacy());
      assertEquals("delete", objects.get(2).action());
      assertEquals("{\"c\":1}", objects.get(2).before());
      assertTrue(!objects.get(2).done());
    }
  }
}
