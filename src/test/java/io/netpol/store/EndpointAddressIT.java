package io.netpol.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint whose identity leaves its address out (a flow's own node, which has several) is
 * stored with the address of its first connection, whatever else its batch holds: batches end where
 * a Kafka consumer's polls and clock end them, and the store must not depend on that.
 */
class EndpointAddressIT {

  @TempDir Path dir;

  @Test
  void the_own_node_keeps_the_address_of_its_first_connection_in_the_batch() throws Exception {
    Path db = dir.resolve("netpol.db");
    try (Store store = Store.open(db)) {
      IngestBatch batch = new IngestBatch();
      for (int i = 0; i < 40; i++) {
        Endpoint node = Endpoint.ownNode("worker-1", "10.0.0." + i);
        Endpoint pod = Endpoint.pod("shop", "api-" + i, Map.of("app", "api-" + i));
        EdgeKey edge = new EdgeKey(node.key(), pod.key(), 8080, Protocol.TCP, Verdict.ALLOWED);
        batch.delta(edge, node, pod, 1, 1_000L + i, "file:test");
      }
      store.ingestWriter().commit(batch);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ip FROM endpoint WHERE kind = 'host'")) {
      rs.next();
      assertEquals("10.0.0.0", rs.getString(1));
    }
  }
}
