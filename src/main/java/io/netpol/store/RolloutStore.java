package io.netpol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rollout state: steps, what each step did to each object (before and after), the lock and the
 * audit log. Every method is one transaction, so a crash leaves either the old or the new state.
 * The state may live in its own file ({@code netpol-rollout --state}), apart from the flows.
 */
public final class RolloutStore {

  /** The lock is held by someone else. */
  public record LockHolder(String holder, String host, long pid, long acquiredAt) {}

  private final Store store;
  private final Connection c;

  RolloutStore(Store store) {
    this.store = store;
    this.c = store.connection();
  }

  private static final String STEP_COLUMNS =
      "step_id, plan, namespace, step_index, status, mode, started_at, applied_at, promoted_at,"
          + " soak_until, rolled_back_at, total_baseline, denied_baseline, audit_baseline,"
          + " cluster_baseline, forced";

  /**
   * The id of every step of every plan the store records: a policy labelled by the tool is its own
   * only when one of them wrote it ({@link io.netpol.policy.Ownership}).
   */
  public Set<String> recordedSteps() {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT step_id FROM rollout_step");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw store.failure("reading rollout steps", e);
    }
    return out;
  }

  /** Every attempt of every step of {@code plan}, oldest first. */
  public List<StepRecord> steps(String plan) {
    List<StepRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + STEP_COLUMNS
                + " FROM rollout_step WHERE plan = ? ORDER BY started_at, rowid")) {
      ps.setString(1, plan);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StepRecord(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getLong(7),
                  nullable(rs, 8),
                  nullable(rs, 9),
                  nullable(rs, 10),
                  nullable(rs, 11),
                  rs.getLong(12),
                  rs.getLong(13),
                  rs.getLong(14),
                  rs.getLong(15),
                  rs.getInt(16) != 0));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading rollout steps", e);
    }
    return out;
  }

  private static Long nullable(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  /**
   * Records a step as started with every object it is about to write (as it is now, and as it will
   * be), before the cluster is touched.
   */
  public void begin(StepRecord step, List<ObjectRecord> objects, String actor, String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rollout_step ("
                      + STEP_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?, ?)")) {
            ps.setString(1, step.stepId());
            ps.setString(2, step.plan());
            ps.setString(3, step.namespace());
            ps.setInt(4, step.stepIndex());
            ps.setString(5, StepRecord.APPLYING);
            ps.setString(6, step.mode());
            ps.setLong(7, step.startedAt());
            ps.setLong(8, step.totalBaseline());
            ps.setLong(9, step.deniedBaseline());
            ps.setLong(10, step.auditBaseline());
            ps.setLong(11, step.clusterBaseline());
            ps.setInt(12, step.forced() ? 1 : 0);
            ps.executeUpdate();
          }
          putObjects(step.stepId(), objects);
          audit(step.startedAt(), actor, step.plan(), step.namespace(), "begin", detail);
        });
  }

  private void putObjects(String stepId, List<ObjectRecord> objects) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO rollout_object (step_id, kind, name, action, before_object, after_object,"
                + " wrote_object, done, legacy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (step_id, kind, name) DO UPDATE SET action = excluded.action,"
                + " after_object = excluded.after_object,"
                + " wrote_object = coalesce(excluded.wrote_object, rollout_object.wrote_object),"
                + " done = excluded.done")) {
      for (ObjectRecord o : objects) {
        ps.setString(1, stepId);
        ps.setString(2, o.kind());
        ps.setString(3, o.name());
        ps.setString(4, o.action());
        ps.setString(5, o.before());
        ps.setString(6, o.after());
        ps.setString(7, o.wrote());
        ps.setInt(8, o.done() ? 1 : 0);
        ps.setInt(9, o.legacy() ? 1 : 0);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Marks one write as carried out, with the object as the API server answered (null for a delete);
   * the object's {@code before} stays as first recorded.
   */
  public void objectWritten(String stepId, String kind, String name, String after) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_object SET done = 1, after_object = ?,"
                      + " wrote_object = coalesce(?, wrote_object)"
                      + " WHERE step_id = ? AND kind = ? AND name = ?")) {
            ps.setString(1, after);
            ps.setString(2, after);
            ps.setString(3, stepId);
            ps.setString(4, kind);
            ps.setString(5, name);
            ps.executeUpdate();
          }
        });
  }

  /** Everything the step touched, by kind then name. */
  public List<ObjectRecord> objects(String stepId) {
    List<ObjectRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT kind, name, action, before_object, after_object, wrote_object, done, legacy"
                + " FROM rollout_object WHERE step_id = ? ORDER BY kind, name")) {
      ps.setString(1, stepId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ObjectRecord(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getInt(7) != 0,
                  rs.getInt(8) != 0));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading rollout step " + stepId, e);
    }
    return out;
  }

  /** Marks the step's first phase in place: {@code staged} or {@code applied} (enforced). */
  public void applied(
      StepRecord step, String status, long at, long soakUntil, String actor, String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_step SET status = ?, applied_at = ?, soak_until = ? WHERE step_id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, at);
            ps.setLong(3, soakUntil);
            ps.setString(4, step.stepId());
            ps.executeUpdate();
          }
          audit(at, actor, step.plan(), step.namespace(), status, detail);
        });
  }

  /**
   * Records a promote as started, with the objects it is about to write (new ones, and the staged
   * ones it removes), before the cluster is touched.
   */
  public void beginPromote(
      StepRecord step, List<ObjectRecord> objects, long at, String actor, String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE rollout_step SET status = ? WHERE step_id = ?")) {
            ps.setString(1, StepRecord.PROMOTING);
            ps.setString(2, step.stepId());
            ps.executeUpdate();
          }
          putObjects(step.stepId(), objects);
          audit(at, actor, step.plan(), step.namespace(), "promote", detail);
        });
  }

  /** Marks a promote done: the enforced phase soaks from {@code at} with fresh baselines. */
  public void promoted(
      StepRecord step,
      long at,
      long soakUntil,
      long totalBaseline,
      long deniedBaseline,
      long auditBaseline,
      long clusterBaseline,
      String actor,
      String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_step SET status = ?, promoted_at = ?, soak_until = ?,"
                      + " total_baseline = ?, denied_baseline = ?, audit_baseline = ?,"
                      + " cluster_baseline = ? WHERE step_id = ?")) {
            ps.setString(1, StepRecord.APPLIED);
            ps.setLong(2, at);
            ps.setLong(3, soakUntil);
            ps.setLong(4, totalBaseline);
            ps.setLong(5, deniedBaseline);
            ps.setLong(6, auditBaseline);
            ps.setLong(7, clusterBaseline);
            ps.setString(8, step.stepId());
            ps.executeUpdate();
          }
          audit(at, actor, step.plan(), step.namespace(), "promoted", detail);
        });
  }

  public void rolledBack(StepRecord step, long at, String actor, String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_step SET status = ?, rolled_back_at = ? WHERE step_id = ?")) {
            ps.setString(1, StepRecord.ROLLED_BACK);
            ps.setLong(2, at);
            ps.setString(3, step.stepId());
            ps.executeUpdate();
          }
          audit(at, actor, step.plan(), step.namespace(), "rolled-back", detail);
        });
  }

  /** Appends to the audit log, in its own transaction. */
  public void audit(
      long at, String actor, String plan, String namespace, String action, String detail) {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_log (at, actor, plan, namespace, action, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, at);
      ps.setString(2, actor);
      ps.setString(3, plan);
      if (namespace == null) {
        ps.setNull(4, Types.VARCHAR);
      } else {
        ps.setString(4, namespace);
      }
      ps.setString(5, action);
      ps.setString(6, detail);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw store.failure("writing the audit log", e);
    }
  }

  public List<AuditEntry> history(String plan) {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, at, actor, plan, namespace, action, detail FROM audit_log"
                + (plan == null ? "" : " WHERE plan = ?")
                + " ORDER BY id")) {
      if (plan != null) {
        ps.setString(1, plan);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AuditEntry(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading the audit log", e);
    }
    return out;
  }

  /**
   * Takes the lock, or returns who holds it. A holder on this host whose process is gone is stale
   * and the lock is taken over (the audit log says so).
   */
  public Optional<LockHolder> lock(
      String name, String holder, String host, long pid, long now, boolean breakLock) {
    java.util.concurrent.atomic.AtomicReference<Optional<LockHolder>> result =
        new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
    transaction(
        () -> {
          Optional<LockHolder> current = lockHolder(name);
          if (current.isPresent()) {
            LockHolder h = current.get();
            boolean stale =
                h.host().equals(host)
                    && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
            if (!breakLock && !stale) {
              result.set(current);
              return;
            }
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM rollout_lock WHERE name = ?")) {
              ps.setString(1, name);
              ps.executeUpdate();
            }
            audit(
                now,
                holder,
                name,
                null,
                "lock-broken",
                (stale ? "stale lock of " : "lock broken by request, was held by ")
                    + h.holder()
                    + " since "
                    + h.acquiredAt());
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rollout_lock (name, holder, host, pid, acquired_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setString(3, host);
            ps.setLong(4, pid);
            ps.setLong(5, now);
            ps.executeUpdate();
          }
        });
    return result.get();
  }

  public void unlock(String name, long pid) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM rollout_lock WHERE name = ? AND pid = ?")) {
            ps.setString(1, name);
            ps.setLong(2, pid);
            ps.executeUpdate();
          }
        });
  }

  private Optional<LockHolder> lockHolder(String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT holder, host, pid, acquired_at FROM rollout_lock WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new LockHolder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
            : Optional.empty();
      }
    }
  }

  private void transaction(Store.SqlWork work) {
    store.transaction("writing rollout state", work);
  }
}
