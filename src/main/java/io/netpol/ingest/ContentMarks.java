package io.netpol.ingest;

import io.netpol.store.ContentMark;
import io.netpol.store.IngestBatch;
import java.util.ArrayDeque;

/**
 * Where an input's content marks fall while it is read, and those not yet committed. A mark is
 * taken at the first record boundary at or after 4, 8, 16, ... KiB up to 1 MiB, then after every
 * further MiB: dense at the start, where small files and early copies end, sparse in big files. The
 * places depend only on the content, so a copy read later has its marks in the same places.
 */
final class ContentMarks {
  static final long FIRST = 4 << 10;
  static final long EVERY = 1 << 20;

  private final ArrayDeque<ContentMark> pending = new ArrayDeque<>();
  private long next;

  ContentMarks(long start) {
    next = after(start);
  }

  /** The first place after {@code position} where a mark is due. */
  static long after(long position) {
    if (position < FIRST) {
      return FIRST;
    }
    if (position < EVERY) {
      return Long.highestOneBit(position) << 1;
    }
    return (position / EVERY + 1) * EVERY;
  }

  /**
   * A record ends at {@code position}, after {@code line} records. Called by whichever thread reads
   * the input (one at a time), while the committing thread may {@link #commit}.
   */
  void boundary(long position, long line, TailBuffer tail) {
    if (position >= next) {
      ContentMark mark = new ContentMark(position, line, tail.hash());
      synchronized (this) {
        pending.add(mark);
      }
      next = after(position);
    }
  }

  /** Moves the marks up to {@code position} (what a commit covers) into {@code batch}. */
  synchronized void commit(IngestBatch batch, String source, long position) {
    while (!pending.isEmpty() && pending.peek().position() <= position) {
      batch.mark(source, pending.poll());
    }
  }
}
