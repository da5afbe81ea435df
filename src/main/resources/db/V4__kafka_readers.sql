-- Kafka partitions a process is reading. A row outlives its process only when that process died
-- (a clean end removes it): the next run on the same host then reads those partitions carefully,
-- one record per poll with the offset written here first, so a record that kills the process
-- (one that decompresses beyond the heap) is found and skipped instead of killing every restart.
CREATE TABLE kafka_reader (
  source        TEXT NOT NULL,      -- kafka:<topic>:<partition>, as in ingest_checkpoint
  host          TEXT NOT NULL,      -- the pod or host name
  pid           INTEGER NOT NULL,
  process_start INTEGER NOT NULL,   -- when that process started (ms), to tell a reused pid
  reading       INTEGER NOT NULL,   -- careful reading: the offset being read, else -1
  PRIMARY KEY (source, host)
) WITHOUT ROWID;
