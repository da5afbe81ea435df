-- Fingerprints of what each file input held at points along the way (record boundaries, spaced
-- out as the input grows, and every read position committed): position and line, and the
-- fingerprint of the bytes just before the position. A later input whose bytes agree with them is
-- the same content, however it is named or compressed: what it shares with an input already read
-- is never read again, even when it ends earlier (a copy taken before the original grew) or goes
-- on differently (a file that starts like one already read).
CREATE TABLE ingest_mark (
  source    TEXT NOT NULL,
  position  INTEGER NOT NULL,
  line      INTEGER NOT NULL,
  tail_hash TEXT NOT NULL,
  PRIMARY KEY (source, position)
) WITHOUT ROWID;
