-- Endpoints: one row per identity (Endpoint.key()).
CREATE TABLE endpoint (
  id        INTEGER PRIMARY KEY,
  key       TEXT NOT NULL UNIQUE,
  kind      TEXT NOT NULL,
  namespace TEXT,
  workload  TEXT,
  name      TEXT,
  ip        TEXT,
  own_node  INTEGER NOT NULL DEFAULT 0
);

-- Aggregated connections.
CREATE TABLE edge (
  id         INTEGER PRIMARY KEY,
  client_id  INTEGER NOT NULL REFERENCES endpoint(id),
  server_id  INTEGER NOT NULL REFERENCES endpoint(id),
  port       INTEGER NOT NULL,
  protocol   TEXT NOT NULL,
  verdict    TEXT NOT NULL,
  count      INTEGER NOT NULL,
  first_seen INTEGER,
  last_seen  INTEGER,
  UNIQUE (client_id, server_id, port, protocol, verdict)
);

-- Every stable label set seen per pod workload.
CREATE TABLE workload_labels (
  endpoint_id INTEGER NOT NULL REFERENCES endpoint(id),
  labels      TEXT NOT NULL,
  count       INTEGER NOT NULL,
  first_seen  INTEGER,
  last_seen   INTEGER,
  PRIMARY KEY (endpoint_id, labels)
) WITHOUT ROWID;

-- How far each input has been read; written in the same transaction as the counts.
-- source: stable identity of the input; head: fingerprint of its first record (several inputs
-- may share one); tail_hash: fingerprint of the bytes just before position, which tells an input
-- that was appended to from a different one that merely starts the same way.
CREATE TABLE ingest_checkpoint (
  source     TEXT PRIMARY KEY,
  head       TEXT NOT NULL,
  path       TEXT,
  position   INTEGER NOT NULL,
  line       INTEGER NOT NULL,
  tail_hash  TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ingest_checkpoint_head ON ingest_checkpoint(head);

-- Recently seen connections (the deduplication memory), so a rerun continues exactly.
CREATE TABLE conn_state (
  hash         INTEGER PRIMARY KEY,
  edge_id      INTEGER NOT NULL REFERENCES edge(id),
  amount       INTEGER NOT NULL,
  owner        INTEGER NOT NULL,
  client_low   INTEGER NOT NULL,
  guessed      INTEGER NOT NULL,
  last_seen    INTEGER NOT NULL,
  seq          INTEGER NOT NULL
);
CREATE INDEX conn_state_seq ON conn_state(seq);
