package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShipperText} gives exactly the text Jackson's tree path takes from a shipper's wrapper, or
 * leaves the record to it: on every record of the shipped samples and the shared fixtures wrapped
 * the ways Fluent Bit and Vector wrap them, on hand-made edge cases, and on thousands of damaged
 * copies.
 */
class ShipperTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What RecordReader's Jackson path unwraps, or null (none, or it would say what is wrong). */
  private static byte[] jackson(byte[] record) {
    try {
      JsonNode node = JSON.readTree(record);
      if (node == null || !node.isObject()) {
        return null;
      }
      JsonNode wrapped = RecordReader.wrapped(node);
      return wrapped == null ? null : wrapped.asText().getBytes(StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) { // invalid JSON; MalformedRecordException
      return null;
    }
  }

  /** Checks one record; true when the fast path read it. */
  private static boolean same(byte[] record) {
    byte[] fast = ShipperText.unwrap(record, 0, record.length);
    if (fast == null) {
      return false;
    }
    byte[] expected = jackson(record);
    if (expected == null) {
      fail("read what Jackson's path refuses: " + new String(record, StandardCharsets.ISO_8859_1));
    }
    assertArrayEquals(expected, fast, () -> new String(record, StandardCharsets.ISO_8859_1));
    return true;
  }

  private static List<String> records() throws IOException {
    List<Path> files = new ArrayList<>();
    try (var samples = Files.list(Path.of("collectors", "samples"))) {
      samples.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(files::add);
    }
    if (Files.isDirectory(SharedFixtures.DIR)) {
      files.addAll(SharedFixtures.files());
    }
    List<String> records = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("{")) {
          records.add(
              new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
      }
    }
    return records;
  }

  private static String quoted(String text) throws IOException {
    return JSON.writeValueAsString(text);
  }

  /** The wrappings shippers write, and some they might. */
  private static List<String> wrappings(String line) throws IOException {
    String q = quoted(line);
    String slashes = q.replace("/", "\\/"); // Fluent Bit escapes every slash
    String unicode = q.replace(":", "\\u003a").replace("=", "\\u003D"); // escapes of ASCII
    return List.of(
        "{\"date\":1795168800.123456,\"log\":" + quoted(line + "\n") + "}",
        "{\"@timestamp\":1795168800.1,\"log\":" + slashes + ",\"stream\":\"stdout\"}",
        "{\"log\":" + unicode + "}",
        "{ \"message\" : "
            + q
            + " , \"host\":\"node-1\",\"file\":\"/var/log/flows.log\",\"n\":[1,2.5e3,null,true] }",
        "{\"message\":" + q + ",\"log\":" + quoted("  \t" + line) + "}",
        "{\"log\":7,\"message\":" + q + "}",
        "{\"log\":null,\"message\":" + slashes + "}",
        // Wrapped twice: the outer text is itself a wrapper.
        "{\"log\":" + quoted("{\"log\":" + q + "}") + "}");
  }

  @Test
  void every_sample_and_fixture_record_wrapped_as_shippers_do_reads_as_jackson_reads_it()
      throws IOException {
    List<String> records = records();
    assertTrue(records.size() > 1000, "records: " + records.size());
    int read = 0;
    int all = 0;
    for (String line : records) {
      for (String wrapper : wrappings(line)) {
        all++;
        if (same(wrapper.getBytes(StandardCharsets.UTF_8))) {
          read++;
        }
      }
    }
    // Non-ASCII text is Jackson's; everything else here is read by the fast path.
    assertTrue(read > all * 0.9, read + " of " + all + " read without Jackson");
  }

  @Test
  void what_is_not_a_plain_wrapper_around_json_is_left_to_jackson() {
    for (String record :
        List.of(
            "{\"log\":\"level=info msg=started\"}", // not JSON: Jackson's path says so
            "{\"log\":\"   \"}",
            "{\"log\":\"\"}",
            "{\"log\":{\"flow\":{}}}", // parsed by the shipper: an object
            "{\"message\":[\"{}\"]}",
            "{\"log\":\"{}\",\"log\":\"{}\"}", // twice: Jackson keeps the last
            "{\"log\":\"{\\u00e9}\"}", // an escape of a non-ASCII character
            "{\"log\":\"{\u00e9}\"}", // a non-ASCII character
            "{\"log\":\"{\\x}\"}", // no such escape
            "{\"log\":\"{\\u12\"}",
            "{\"log\":\"{\t}\"}", // a raw control character
            "{\"log\":\"{}\",}",
            "{\"log\":\"{}\"",
            "{\"log\":\"{}\",\"x\":01}",
            "{\"other\":\"{}\"}",
            "{}",
            "[\"log\"]")) {
      assertNull(
          ShipperText.unwrap(
              record.getBytes(StandardCharsets.UTF_8),
              0,
              record.getBytes(StandardCharsets.UTF_8).length),
          record);
    }
    byte[] plain = "{\"log\":\"{\\\"a\\\":\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\\"}\"}".getBytes();
    assertNotNull(ShipperText.unwrap(plain, 0, plain.length));
    assertTrue(same(plain));
  }

  @Test
  void damaged_wrappers_read_as_jackson_reads_them_or_are_left_to_it() throws IOException {
    List<String> records = records();
    Random random = new Random(20261202);
    String alphabet = "{}[]\",:\\/ u0aZ9\n\t\u00e9";
    int read = 0;
    for (int i = 0; i < 30_000; i++) {
      List<String> wrappers = wrappings(records.get(random.nextInt(records.size())));
      StringBuilder s = new StringBuilder(wrappers.get(random.nextInt(wrappers.size())));
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        int at = random.nextInt(s.length());
        switch (random.nextInt(3)) {
          case 0 -> s.deleteCharAt(at);
          case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      if (same(s.toString().getBytes(StandardCharsets.UTF_8))) {
        read++;
      }
    }
    // Most damage falls inside the wrapped text, which stays the text of a valid wrapper.
    assertTrue(read > 3_000, read + " damaged wrappers read without Jackson");
  }
}
