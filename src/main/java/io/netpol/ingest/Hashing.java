package io.netpol.ingest;

/** A 64-bit hash for connection keys (FNV-1a over the characters, then a murmur3 finaliser). */
final class Hashing {
  private Hashing() {}

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  static long hash64(String... parts) {
    long h = OFFSET;
    for (String part : parts) {
      h = mix(h, part);
    }
    return finish(h);
  }

  /** A packet-level connection: protocol and both ends, low end first (no string building). */
  static long connection(
      int protocol, String lowAddress, int lowPort, String highAddress, int highPort) {
    long h = (OFFSET ^ protocol) * PRIME;
    h = mix(h, lowAddress);
    h = (h ^ lowPort) * PRIME;
    h = mix(h, highAddress);
    h = (h ^ highPort) * PRIME;
    return finish(h);
  }

  private static long mix(long h, String part) {
    for (int i = 0; i < part.length(); i++) {
      h ^= part.charAt(i);
      h *= PRIME;
    }
    h ^= 0x1f;
    return h * PRIME;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
