package io.netpol.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Keys and values up to a size limit, as byte arrays; a larger one becomes {@link #TOO_LARGE}
 * without being copied, so an oversized message costs no more memory than the Kafka client's own
 * read of it. (The client still holds one decompressed record at a time while it parses it: that is
 * bounded by the record, not by us.)
 */
final class BoundedBytes implements Deserializer<byte[]> {

  /** Stands for a key or value over the limit; compare by identity. */
  static final byte[] TOO_LARGE = new byte[0];

  private final int maxBytes;

  BoundedBytes(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static boolean tooLarge(byte[] keyOrValue) {
    return keyOrValue == TOO_LARGE;
  }

  @Override
  public byte[] deserialize(String topic, byte[] data) {
    return data == null || data.length <= maxBytes ? data : TOO_LARGE;
  }

  @Override
  public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
    if (data == null) {
      return null;
    }
    if (data.remaining() > maxBytes) {
      return TOO_LARGE;
    }
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }
}
