package io.netpol.kafka;

/**
 * The bytes of keys and values one poll may copy out of the Kafka client. The client decides how
 * many records a poll returns ({@code max.poll.records}) but not how many bytes: a budget of bytes
 * lets polls of small records be large (a Hubble flow is about a kilobyte) and polls of large ones
 * small, where a record count alone would have to assume every record is as large as allowed.
 *
 * <p>{@link BoundedBytes} asks {@link #admit} before it copies; past the budget it copies nothing
 * and returns {@link BoundedBytes#DEFERRED}, and so does every later key and value of the same
 * poll, so that what a poll admitted of each partition is a run of records from its start. {@link
 * PollLoop} hands over only that run and seeks each partition back to its first deferred record,
 * which the next poll returns. The first record of a poll is always admitted, whatever its size.
 *
 * <p>Deserializers run on the thread that calls {@code poll}; a budget is open on that thread
 * between {@link #open} and {@link #close}. Without one (a consumer outside {@link PollLoop}),
 * everything is admitted.
 */
final class PollBudget implements AutoCloseable {

  private static final ThreadLocal<PollBudget> OPEN = new ThreadLocal<>();

  private final long maxBytes;
  private long used;
  private boolean spent;

  private PollBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Opens a budget of {@code maxBytes} on this thread, for the poll that follows. */
  static PollBudget open(long maxBytes) {
    PollBudget budget = new PollBudget(maxBytes);
    OPEN.set(budget);
    return budget;
  }

  /** Whether a key or value of {@code bytes} may be copied in the poll under way on this thread. */
  static boolean admit(int bytes) {
    PollBudget budget = OPEN.get();
    return budget == null || budget.take(bytes);
  }

  private boolean take(int bytes) {
    if (spent) {
      return false;
    }
    if (used > 0 && used + bytes > maxBytes) {
      spent = true;
      return false;
    }
    used += bytes;
    return true;
  }

  /** Whether a key or value of the poll was deferred. */
  boolean spent() {
    return spent;
  }

  @Override
  public void close() {
    OPEN.remove();
  }
}
