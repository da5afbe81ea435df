package io.netpol.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EdgeKey's written-out equals and hashCode are a record's: every component counts. */
class EdgeKeyTest {

  private static final EdgeKey KEY =
      new EdgeKey("pod:shop/api", "pod:shop/db", 5432, Protocol.TCP, Verdict.ALLOWED);

  @Test
  void keys_of_equal_components_are_equal_and_hash_alike() {
    EdgeKey same =
        new EdgeKey(
            new String("pod:shop/api"),
            new String("pod:shop/db"),
            5432,
            Protocol.TCP,
            Verdict.ALLOWED);
    assertEquals(KEY, same);
    assertEquals(KEY.hashCode(), same.hashCode());
  }

  @Test
  void keys_differing_in_any_component_differ() {
    for (EdgeKey other :
        List.of(
            new EdgeKey("pod:shop/web", "pod:shop/db", 5432, Protocol.TCP, Verdict.ALLOWED),
            new EdgeKey("pod:shop/api", "pod:shop/cache", 5432, Protocol.TCP, Verdict.ALLOWED),
            new EdgeKey("pod:shop/api", "pod:shop/db", 5433, Protocol.TCP, Verdict.ALLOWED),
            new EdgeKey("pod:shop/api", "pod:shop/db", 5432, Protocol.UDP, Verdict.ALLOWED),
            KEY.withVerdict(Verdict.DENIED),
            new EdgeKey(null, "pod:shop/db", 5432, Protocol.TCP, Verdict.ALLOWED))) {
      assertNotEquals(KEY, other, other.toString());
    }
    assertNotEquals(KEY, "pod:shop/api");
  }
}
