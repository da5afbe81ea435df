-- Where each edge's evidence came from (file or topic), for review annotations.
CREATE TABLE edge_source (
  edge_id INTEGER NOT NULL REFERENCES edge(id),
  source  TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (edge_id, source)
) WITHOUT ROWID;

-- DNS names flow logs attached to world addresses.
CREATE TABLE endpoint_dns (
  endpoint_id INTEGER NOT NULL REFERENCES endpoint(id),
  dns_name    TEXT NOT NULL,
  PRIMARY KEY (endpoint_id, dns_name)
) WITHOUT ROWID;

-- Namespace labels revealed by flow logs (Cilium carries them on every endpoint).
CREATE TABLE namespace_labels (
  namespace TEXT PRIMARY KEY,
  labels    TEXT NOT NULL
);
