package io.netpol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollout state: steps, the snapshots taken before them, what each step did, the lock and the audit
 * log. Every method is one transaction, so a crash leaves either the old or the new state.
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

  /** Every attempt of every step of {@code plan}, oldest first. */
  public List<StepRecord> steps(String plan) {
    List<StepRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT step_id, plan, namespace, step_index, status, started_at, applied_at, soak_until, rolled_back_at,"
                + " denied_baseline, forced FROM rollout_step WHERE plan = ? ORDER BY started_at, rowid")) {
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
                  rs.getLong(6),
                  nullable(rs, 7),
                  nullable(rs, 8),
                  nullable(rs, 9),
                  rs.getLong(10),
                  rs.getInt(11) != 0));
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

  /** Records a step as started, with the namespace's policies as they are now (JSON by name). */
  public void begin(
      StepRecord step,
      Map<String, String> snapshot,
      Map<String, String> actions,
      String actor,
      String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rollout_step (step_id, plan, namespace, step_index, status, started_at, applied_at, soak_until,"
                      + " rolled_back_at, denied_baseline, forced) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?)")) {
            ps.setString(1, step.stepId());
            ps.setString(2, step.plan());
            ps.setString(3, step.namespace());
            ps.setInt(4, step.stepIndex());
            ps.setString(5, StepRecord.APPLYING);
            ps.setLong(6, step.startedAt());
            ps.setLong(7, step.deniedBaseline());
            ps.setInt(8, step.forced() ? 1 : 0);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rollout_snapshot (step_id, name, object) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : snapshot.entrySet()) {
              ps.setString(1, step.stepId());
              ps.setString(2, e.getKey());
              ps.setString(3, e.getValue());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rollout_action (step_id, name, action) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : actions.entrySet()) {
              ps.setString(1, step.stepId());
              ps.setString(2, e.getKey());
              ps.setString(3, e.getValue());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          audit(step.startedAt(), actor, step.plan(), step.namespace(), "begin", detail);
        });
  }

  /** Marks one planned action as carried out against the cluster. */
  public void actionDone(String stepId, String name) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_action SET done = 1 WHERE step_id = ? AND name = ?")) {
            ps.setString(1, stepId);
            ps.setString(2, name);
            ps.executeUpdate();
          }
        });
  }

  public void applied(StepRecord step, long at, long soakUntil, String actor, String detail) {
    transaction(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rollout_step SET status = ?, applied_at = ?, soak_until = ? WHERE step_id = ?")) {
            ps.setString(1, StepRecord.APPLIED);
            ps.setLong(2, at);
            ps.setLong(3, soakUntil);
            ps.setString(4, step.stepId());
            ps.executeUpdate();
          }
          audit(at, actor, step.plan(), step.namespace(), "applied", detail);
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

  /** The namespace's policies before the step, JSON by name. */
  public Map<String, String> snapshot(String stepId) {
    return nameMap(
        "SELECT name, object FROM rollout_snapshot WHERE step_id = ? ORDER BY name", stepId);
  }

  /**
   * What the step planned to do, action by name ({@code created}, {@code updated}, {@code
   * deleted}).
   */
  public Map<String, String> actions(String stepId) {
    return nameMap(
        "SELECT name, action FROM rollout_action WHERE step_id = ? ORDER BY name", stepId);
  }

  private Map<String, String> nameMap(String sql, String stepId) {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, stepId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw store.failure("reading rollout step " + stepId, e);
    }
    return out;
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

  /** Denied connections stored so far with a side in {@code namespace} (counts only grow). */
  public long deniedTouching(String namespace) {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(sum(e.count), 0) FROM edge e JOIN endpoint ce ON ce.id = e.client_id"
                + " JOIN endpoint se ON se.id = e.server_id WHERE e.verdict = 'denied' AND (ce.namespace = ? OR se.namespace = ?)")) {
      ps.setString(1, namespace);
      ps.setString(2, namespace);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw store.failure("counting denied connections", e);
    }
  }

  private void transaction(Store.SqlWork work) {
    store.transaction("writing rollout state", work);
  }
}
