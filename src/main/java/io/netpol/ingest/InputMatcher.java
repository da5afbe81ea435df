package io.netpol.ingest;

import io.netpol.store.Checkpoint;
import io.netpol.store.ContentMark;
import io.netpol.store.IngestWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Recognises content already read, before any record of an input is decoded: whatever the input's
 * name or compression, the bytes it shares with an input read before are skipped.
 *
 * <p>Candidates are the inputs read before whose first record is the same. The input continues one
 * of them when it holds the same bytes just before that one's read position (a file read again, a
 * copy, a rotated or compressed name, the same file grown). Otherwise the candidates' content marks
 * tell how far the input agrees with them: an input that agrees up to its very end is an earlier
 * copy of one read further since (nothing new); one that goes on differently is read from the last
 * mark it agrees with, as a new input that shares that start.
 */
final class InputMatcher {

  /** The fingerprint of no bytes: what an earlier version stored after resuming at the end. */
  private static final String NO_TAIL = TailBuffer.of(new byte[0], 0, 0);

  /**
   * Where to start reading an input.
   *
   * @param source the input's identity in the store; null when there is nothing to read
   * @param before the bytes just before {@code position} (the start of the read's fingerprints)
   * @param prior what the input shares with what was read before; null for new content
   * @param forkOf the input whose marks up to {@code position} the new source shares, or null
   * @param refingerprint the stored checkpoint lacks the fingerprint at {@code position}: store it
   */
  record Start(
      String source,
      long position,
      long line,
      byte[] before,
      PriorRead prior,
      String forkOf,
      boolean refingerprint) {

    static Start fresh(String source) {
      return new Start(source, 0, 0, new byte[0], null, null, false);
    }
  }

  private final IngestWriter writer;

  InputMatcher(IngestWriter writer) {
    this.writer = writer;
  }

  /**
   * Decides where {@code input}, whose first record has the fingerprint {@code head}, starts.
   *
   * @param unit what the input's records are called in messages ({@code line}, {@code message})
   */
  Start match(Input input, String head, String unit) throws IOException {
    List<Checkpoint> candidates = writer.checkpointsWithHead(head);
    String fresh = "file:" + head + (candidates.isEmpty() ? "" : "#" + (candidates.size() + 1));
    if (candidates.isEmpty()) {
      return Start.fresh(fresh);
    }
    try (ContentProbe probe = new ContentProbe(input.path())) {
      for (Checkpoint c : candidates) {
        byte[] before = probe.before(c.position());
        if (before == null) {
          continue;
        }
        boolean same = TailBuffer.of(before, 0, before.length).equals(c.tailHash());
        if (same || sameFileWithLostTail(input, c)) {
          PriorRead prior =
              new PriorRead(PriorRead.Kind.CONTINUED, input.display(), c.path(), c.line(), unit);
          return new Start(c.source(), c.position(), c.line(), before, prior, null, !same);
        }
      }
      Checkpoint best = null;
      ContentMark bestMark = null;
      for (Checkpoint c : candidates) {
        ContentMark agreed = lastAgreeingMark(probe, c);
        if (agreed != null && (bestMark == null || agreed.position() > bestMark.position())) {
          best = c;
          bestMark = agreed;
        }
      }
      if (bestMark == null) {
        return Start.fresh(fresh);
      }
      SharedPrefix shared = comparedWithOriginal(input, best, bestMark, unit);
      if (shared == null) {
        shared =
            new SharedPrefix(
                bestMark.position(), bestMark.line(), probe.endsAt(bestMark.position()));
      }
      if (shared.inputEnds()) {
        PriorRead prior =
            new PriorRead(
                PriorRead.Kind.EARLIER_COPY, input.display(), best.path(), shared.line(), unit);
        return new Start(null, shared.position(), shared.line(), null, prior, null, false);
      }
      PriorRead prior =
          new PriorRead(
              PriorRead.Kind.SHARED_START, input.display(), best.path(), shared.line(), unit);
      return new Start(
          fresh,
          shared.position(),
          shared.line(),
          probe.before(shared.position()),
          prior,
          best.source(),
          false);
    }
  }

  /**
   * How much of an input is the same as one read before: up to {@code position} (a record boundary,
   * after {@code line} records), and whether the input ends there or within the record that follows
   * (all of which was read before).
   */
  record SharedPrefix(long position, long line, boolean inputEnds) {}

  /**
   * Marks are apart; where an input stops agreeing between two of them, or ends between them, is
   * found by comparing it byte by byte with the file {@code c} was last read from, when that file
   * still holds {@code c}'s content. Null when it does not (renamed, rotated away, rewritten).
   */
  private SharedPrefix comparedWithOriginal(
      Input input, Checkpoint c, ContentMark agreed, String unit) throws IOException {
    if (c.path() == null) {
      return null;
    }
    Path original = Path.of(c.path());
    try {
      if (!Files.isRegularFile(original) || Files.isSameFile(original, input.path())) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    try (ContentProbe check = new ContentProbe(original)) {
      if (!check.matches(c.position(), c.tailHash())) {
        return null;
      }
    }
    RecordBoundaries boundaries =
        "line".equals(unit)
            ? RecordBoundaries.lines(agreed.position(), agreed.line())
            : RecordBoundaries.messages(agreed.position(), agreed.line());
    try (InputStream a = ContentProbe.open(input.path());
        InputStream b = ContentProbe.open(original)) {
      a.skipNBytes(agreed.position());
      b.skipNBytes(agreed.position());
      byte[] x = new byte[1 << 16];
      byte[] y = new byte[1 << 16];
      long position = agreed.position();
      while (position < c.position()) {
        int want = (int) Math.min(x.length, c.position() - position);
        int n = a.readNBytes(x, 0, want);
        int m = b.readNBytes(y, 0, n);
        int same = Arrays.mismatch(x, 0, n, y, 0, m);
        if (same < 0) {
          same = n;
        }
        boundaries.scan(x, 0, same);
        position += same;
        if (same < n || m < n) {
          return new SharedPrefix(boundaries.position(), boundaries.line(), false);
        }
        if (n < want) {
          // The input ends here, inside what was read of the original.
          return new SharedPrefix(boundaries.position(), boundaries.line(), true);
        }
      }
      return new SharedPrefix(boundaries.position(), boundaries.line(), a.read() < 0);
    } catch (java.io.EOFException e) {
      return null;
    }
  }

  /** The furthest of {@code c}'s marks the input agrees with, and with every mark before it. */
  private ContentMark lastAgreeingMark(ContentProbe probe, Checkpoint c) throws IOException {
    ContentMark[] last = {null};
    IOException[] failure = {null};
    writer.marks(
        c.source(),
        c.position(),
        mark -> {
          try {
            if (!probe.matches(mark.position(), mark.tailHash())) {
              return false;
            }
          } catch (IOException e) {
            failure[0] = e;
            return false;
          }
          last[0] = mark;
          return true;
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    return last[0];
  }

  /**
   * A checkpoint an earlier version wrote without the fingerprint (it resumed at the end and
   * fingerprinted nothing): trusted for the very file it was read from, when that is still at least
   * as long.
   */
  private static boolean sameFileWithLostTail(Input input, Checkpoint c) {
    if (c.position() == 0 || !NO_TAIL.equals(c.tailHash()) || c.path() == null) {
      return false;
    }
    try {
      return Files.isSameFile(input.path(), Path.of(c.path()));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
