package io.netpol.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Keys and values up to a size limit, as byte arrays; a larger one becomes {@link #TOO_LARGE}
 * without being copied, so an oversized message costs no more memory than the Kafka client's own
 * read of it. (The client still holds one decompressed record at a time while it parses it: that is
 * bounded by the record, not by us.) What one poll copies is bounded by its {@link PollBudget}.
 */
final class BoundedBytes implements Deserializer<byte[]> {

  /** Stands for a key or value over the limit; compare by identity. */
  static final byte[] TOO_LARGE = new byte[0];

  /**
   * Stands for a key or value past the {@link PollBudget} of its poll, not copied: the record is
   * read again by the next poll. Compare by identity.
   */
  static final byte[] DEFERRED = new byte[0];

  private final int maxBytes;

  BoundedBytes(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static boolean tooLarge(byte[] keyOrValue) {
    return keyOrValue == TOO_LARGE;
  }

  static boolean deferred(byte[] keyOrValue) {
    return keyOrValue == DEFERRED;
  }

  @Override
  public byte[] deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > maxBytes) {
      return TOO_LARGE;
    }
    return PollBudget.admit(data.length) ? data : DEFERRED;
  }

  @Override
  public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.remaining() > maxBytes) {
      return TOO_LARGE;
    }
    if (!PollBudget.admit(data.remaining())) {
      return DEFERRED;
    }
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }
}
