-- One row per plan step that was ever started; the latest attempt wins.
CREATE TABLE rollout_step (
  step_id         TEXT PRIMARY KEY,
  plan            TEXT NOT NULL,
  namespace       TEXT NOT NULL,
  step_index      INTEGER NOT NULL,
  status          TEXT NOT NULL,      -- applying, applied, rolled-back
  started_at      INTEGER NOT NULL,
  applied_at      INTEGER,
  soak_until      INTEGER,
  rolled_back_at  INTEGER,
  denied_baseline INTEGER NOT NULL,   -- denied connections touching the namespace when it began
  forced          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rollout_step_plan ON rollout_step(plan, namespace, started_at);

-- The namespace's NetworkPolicies as they were before the step (JSON), taken before any change.
CREATE TABLE rollout_snapshot (
  step_id   TEXT NOT NULL REFERENCES rollout_step(step_id),
  name      TEXT NOT NULL,
  object    TEXT NOT NULL,
  PRIMARY KEY (step_id, name)
) WITHOUT ROWID;

-- What the step did to each policy: created, updated or deleted (only policies the tool owns).
CREATE TABLE rollout_action (
  step_id   TEXT NOT NULL REFERENCES rollout_step(step_id),
  name      TEXT NOT NULL,
  action    TEXT NOT NULL,
  done      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (step_id, name)
) WITHOUT ROWID;

-- Append-only history of every rollout action.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  plan      TEXT,
  namespace TEXT,
  action    TEXT NOT NULL,
  detail    TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- At most one rollout at a time.
CREATE TABLE rollout_lock (
  name        TEXT PRIMARY KEY,
  holder      TEXT NOT NULL,
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
