package io.netpol.ingest;

/**
 * Follows record boundaries through bytes fed in order: newlines for JSON lines, length prefixes
 * for length-delimited protobuf. Knows the last boundary passed and how many records end before it.
 */
abstract class RecordBoundaries {
  private long offset;
  private long boundary;
  private long records;

  private RecordBoundaries(long position, long records) {
    this.offset = position;
    this.boundary = position;
    this.records = records;
  }

  static RecordBoundaries lines(long position, long line) {
    return new RecordBoundaries(position, line) {
      @Override
      boolean ends(byte b) {
        return b == '\n';
      }
    };
  }

  static RecordBoundaries messages(long position, long message) {
    return new RecordBoundaries(position, message) {
      private long length;
      private int shift;
      private long remaining = -1;

      @Override
      boolean ends(byte b) {
        if (remaining > 0) {
          return --remaining == 0;
        }
        length |= (long) (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) != 0 && shift < 64) {
          return false;
        }
        remaining = length;
        length = 0;
        shift = 0;
        return remaining == 0;
      }
    };
  }

  /** Whether byte {@code b} is the last of a record. */
  abstract boolean ends(byte b);

  void scan(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (ends(bytes[i])) {
        boundary = offset + i - off + 1;
        records++;
      }
    }
    offset += len;
  }

  /** The position just after the last record that ended. */
  long position() {
    return boundary;
  }

  /** Records that ended up to {@link #position()}. */
  long line() {
    return records;
  }
}
