package io.netpol.store;

import java.nio.file.Path;

/**
 * A batch whose read position was moved by someone else since the batch started: another process
 * read the same input, or another consumer of the group stored the same partition. Nothing of the
 * batch is written; the caller drops what it read and continues from the stored position.
 */
public final class CheckpointConflictException extends StoreException {
  private final Checkpoint attempted;
  private final long storedPosition;

  CheckpointConflictException(
      Checkpoint attempted, long storedPosition, long expectedPosition, Path db) {
    super(message(attempted, storedPosition, expectedPosition, db));
    this.attempted = attempted;
    this.storedPosition = storedPosition;
  }

  private static String message(Checkpoint attempted, long stored, long expected, Path db) {
    if (attempted.source().startsWith("kafka:")) {
      return "another consumer stored "
          + attempted.path()
          + " into "
          + db
          + " meanwhile (stored offset "
          + stored
          + ", expected "
          + expected
          + "); the batch was dropped and is read again from the stored offset";
    }
    return "another process is reading "
        + attempted.path()
        + " into "
        + db
        + " at the same time (stored position "
        + stored
        + ", expected "
        + expected
        + "); run one observe per input and database";
  }

  public Checkpoint attempted() {
    return attempted;
  }

  public long storedPosition() {
    return storedPosition;
  }
}
