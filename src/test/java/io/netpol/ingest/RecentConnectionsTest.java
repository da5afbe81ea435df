package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracker's memory forgets exactly what a {@code LinkedHashMap} in access order with the same
 * capacity forgets (which it was before), after any mix of lookups, new connections and
 * replacements, with keys that crowd into the same slots.
 */
class RecentConnectionsTest {

  private static final class Node extends RecentConnections.Node {
    final int version;

    Node(long key, int version) {
      super(key);
      this.version = version;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 300, 5_000})
  void forgets_the_least_recently_used_as_linked_hash_map_does(int capacity) {
    Random random = new Random(capacity);
    RecentConnections<Node> memory = new RecentConnections<>(capacity);
    List<Long> forgotten = new ArrayList<>();
    Map<Long, Node> reference =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Node> eldest) {
            if (size() > capacity) {
              forgotten.add(eldest.getKey());
              return true;
            }
            return false;
          }
        };
    for (int step = 0; step < 200_000; step++) {
      // Keys of few distinct low bits probe the same slots; a few huge ones test the mixing.
      long key = random.nextInt(8) == 0 ? random.nextLong() : (long) random.nextInt(8_000) << 6;
      if (random.nextBoolean()) {
        assertSame(reference.get(key), memory.get(key), "lookup of " + key);
      } else {
        Node node = new Node(key, step);
        int before = forgotten.size();
        reference.put(key, node);
        Node gone = memory.put(node);
        if (forgotten.size() > before) {
          assertEquals(forgotten.get(before), gone.key, "forgotten at step " + step);
        } else {
          assertNull(gone, "nothing forgotten at step " + step);
        }
      }
      assertEquals(reference.size(), memory.size());
    }
    for (Map.Entry<Long, Node> e : reference.entrySet()) {
      assertSame(e.getValue(), memory.get(e.getKey()));
    }
  }
}
