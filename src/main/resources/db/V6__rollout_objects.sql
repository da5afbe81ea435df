-- Staged steps, rate gates with evidence of life, and what each step did to each object.

-- A step is enforce or staged; a staged step is promoted later and its enforced phase soaks anew.
-- status: applying, staged, promoting, applied (enforced), rolled-back.
ALTER TABLE rollout_step ADD COLUMN mode TEXT NOT NULL DEFAULT 'enforce';
ALTER TABLE rollout_step ADD COLUMN promoted_at INTEGER;
-- Connections touching the namespace (all verdicts, and audit) and of the whole cluster when the
-- current phase began; denied_baseline holds the denied ones.
ALTER TABLE rollout_step ADD COLUMN total_baseline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollout_step ADD COLUMN audit_baseline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rollout_step ADD COLUMN cluster_baseline INTEGER NOT NULL DEFAULT 0;

-- Every object a step touched, of any kind: as it was before (NULL: absent), as the step left it
-- (NULL: removed), and the last content the step wrote, so rollback can tell an untouched object
-- from one someone changed since.
CREATE TABLE rollout_object (
  step_id       TEXT NOT NULL REFERENCES rollout_step(step_id),
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL,
  action        TEXT NOT NULL,      -- create, update, delete
  before_object TEXT,
  after_object  TEXT,
  wrote_object  TEXT,
  done          INTEGER NOT NULL DEFAULT 0,
  legacy        INTEGER NOT NULL DEFAULT 0,   -- recorded without written content (schema 3)
  PRIMARY KEY (step_id, kind, name)
) WITHOUT ROWID;

INSERT INTO rollout_object (step_id, kind, name, action, before_object, after_object, wrote_object, done, legacy)
  SELECT a.step_id, 'NetworkPolicy', a.name,
         CASE a.action WHEN 'created' THEN 'create' WHEN 'updated' THEN 'update' ELSE 'delete' END,
         s.object, NULL, NULL, a.done, CASE a.action WHEN 'deleted' THEN 0 ELSE 1 END
  FROM rollout_action a LEFT JOIN rollout_snapshot s ON s.step_id = a.step_id AND s.name = a.name;

DROP TABLE rollout_action;
DROP TABLE rollout_snapshot;
