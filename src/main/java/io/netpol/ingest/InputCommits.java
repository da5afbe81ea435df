package io.netpol.ingest;

import io.netpol.store.Checkpoint;
import io.netpol.store.ContentMark;
import io.netpol.store.IngestBatch;

/**
 * Commits of one file: each batch with the file's read position, as the commit before left it
 * ({@link IngestBatch#checkpoint}), and the content marks passed up to there. A commit that did not
 * move the position writes none (the stored one keeps naming the file that moved it).
 */
final class InputCommits implements RecordLoop.Commits {
  private final RecordProcessor processor;
  private final String source;
  private final String head;
  private final String path;
  private ContentMarks marks;
  private long batchStart;

  InputCommits(RecordProcessor processor, String source, String head, String path, long start) {
    this.processor = processor;
    this.source = source;
    this.head = head;
    this.path = path;
    this.batchStart = start;
  }

  /** A stream (stdin): batches are committed, with no read position to come back to. */
  static RecordLoop.Commits stream(RecordProcessor processor) {
    return new RecordLoop.Commits() {
      @Override
      public void commit(RecordSource.Position at) {
        processor.commit();
      }

      @Override
      public boolean resumable() {
        return false;
      }
    };
  }

  /** The marks the reader passes; they are stored as commits reach them. */
  void marks(ContentMarks marks) {
    this.marks = marks;
  }

  /** Where the last commit left the read position. */
  long position() {
    return batchStart;
  }

  @Override
  public void commit(RecordSource.Position at) {
    if (at.position() != batchStart) {
      write(at, batchStart);
      batchStart = at.position();
    }
    processor.commit();
  }

  /** Stores the fingerprint at the stored read position again (one an earlier version lost). */
  void refingerprint(RecordSource.Position at) {
    write(at, at.position());
    processor.commit();
  }

  private void write(RecordSource.Position at, long expected) {
    IngestBatch batch = processor.batch();
    batch.checkpoint(
        new Checkpoint(source, head, path, at.position(), at.line(), at.tail()), expected);
    if (marks != null) {
      marks.commit(batch, source, at.position());
    }
    batch.mark(source, new ContentMark(at.position(), at.line(), at.tail()));
  }

  @Override
  public boolean resumable() {
    return true;
  }
}
