package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fingerprints of the tail after everything appended and before the last record are those of
 * the last 1 KiB of the bytes, whatever the sizes of the records (a byte, a line, records far
 * longer than what the buffer keeps).
 */
class TailBufferTest {

  @Test
  void fingerprints_are_those_of_the_last_kib_before_and_after_each_record() {
    Random random = new Random(7);
    TailBuffer tail = new TailBuffer();
    byte[] all = new byte[0]; // the last KiB appended
    assertEquals(TailBuffer.of(new byte[0], 0, 0), tail.savedHash(), "nothing saved yet");
    for (int record = 0; record < 3_000; record++) {
      byte[] before = all;
      tail.save();
      int length =
          switch (random.nextInt(10)) {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> 60_000 + random.nextInt(10_000); // about the buffer's size
            case 2 -> record % 50 == 0 ? 200_000 : 900; // longer than the buffer
            default -> 200 + random.nextInt(2_000);
          };
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      // Appended in pieces, as a reader's chunks cut a line.
      for (int at = 0; at < length; ) {
        int piece = Math.min(length - at, 1 + random.nextInt(70_000));
        tail.append(bytes, at, piece);
        at += piece;
      }
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      joined.writeBytes(all);
      joined.writeBytes(bytes);
      all = last(joined.toByteArray());
      assertEquals(fingerprint(before), tail.savedHash(), "before record " + record);
      assertEquals(fingerprint(all), tail.hash(), "after record " + record);
    }
  }

  private static byte[] last(byte[] bytes) {
    return Arrays.copyOfRange(bytes, Math.max(0, bytes.length - TailBuffer.SIZE), bytes.length);
  }

  private static String fingerprint(byte[] tail) {
    return TailBuffer.of(tail, 0, tail.length);
  }
}
