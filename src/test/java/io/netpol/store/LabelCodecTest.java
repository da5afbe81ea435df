package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Label sets as stored and read back, through the parser-free path and the parser alike. */
class LabelCodecTest {

  @Test
  void every_label_set_reads_back_as_it_was_written_escapes_and_all() {
    Random r = new Random(42);
    String alphabet = "ab.-_/9\"\\\n\té😀:,{}";
    for (int i = 0; i < 5_000; i++) {
      Map<String, String> labels = new TreeMap<>();
      int n = r.nextInt(5);
      for (int j = 0; j < n; j++) {
        labels.put(word(r, alphabet), word(r, alphabet));
      }
      assertEquals(labels, LabelCodec.decode(LabelCodec.encode(labels)), labels.toString());
    }
  }

  @Test
  void what_the_store_holds_reads_as_the_json_it_is() {
    assertEquals(Map.of(), LabelCodec.decode("{}"));
    assertEquals(
        Map.of("app.kubernetes.io/name", "web", "tier", ""),
        LabelCodec.decode("{\"app.kubernetes.io/name\":\"web\",\"tier\":\"\"}"));
    assertEquals(Map.of("a", "x\"y"), LabelCodec.decode("{\"a\":\"x\\\"y\"}"));
    assertEquals(Map.of("a", "b"), LabelCodec.decode("{ \"a\" : \"b\" }"), "spaces: the parser");
  }

  private static String word(Random r, String alphabet) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
