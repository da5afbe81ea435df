package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.ingest.IngestOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store gives the commands that read part of it: diff -n, explain, the pre-flight. */
class EdgeReaderIT {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void observeTheVotingApp() {
    db = dir.resolve("netpol.db");
    StoreRuns.observe(db, IngestOptions.defaults(), StoreRuns.HUBBLE_SAMPLE);
  }

  private static boolean in(Set<String> namespaces, Endpoint e) {
    return e.namespace() != null && namespaces.contains(e.namespace());
  }

  @Test
  void the_connections_of_some_namespaces_are_those_with_a_side_in_one_of_them() {
    try (Store store = Store.open(db)) {
      List<ObservedConnection> all = store.edges().connections(List.of());
      for (Set<String> namespaces :
          List.of(
              Set.of("voting-data"),
              Set.of("voting-api", "kube-system"),
              Set.of("no-such-namespace"))) {
        List<ObservedConnection> expected =
            all.stream()
                .filter(c -> in(namespaces, c.client()) || in(namespaces, c.server()))
                .toList();
        assertEquals(expected, store.edges().connections(namespaces), namespaces.toString());
      }
      // Node peers (no namespace) are among them, on the side that is not the namespace's.
      assertTrue(
          store.edges().connections(List.of("voting-data")).stream()
              .anyMatch(c -> c.client().namespace() == null),
          "kubelet probes of voting-data");
    }
  }

  @Test
  void the_namespaces_known_are_those_of_the_endpoints() {
    try (Store store = Store.open(db)) {
      assertEquals(
          Set.of(
              "ingress-nginx",
              "kube-system",
              "voting-api",
              "voting-consumer",
              "voting-data",
              "voting-frontend"),
          store.edges().namespaces());
    }
  }

  @Test
  void one_endpoint_read_by_its_key_is_the_one_every_endpoint_read_gives() {
    try (Store store = Store.open(db)) {
      var all = store.edges().endpointsByKey();
      assertEquals(9, all.size(), all::toString);
      all.forEach((key, e) -> assertEquals(Optional.of(e), store.edges().endpoint(key), key));
      assertEquals(Optional.empty(), store.edges().endpoint("pod:voting-api/nothing"));
    }
  }
}
