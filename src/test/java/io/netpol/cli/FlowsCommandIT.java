package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flows}: the stored connections as a table or as the documented JSON shape. */
class FlowsCommandIT {
  static final String SAMPLE =
      Path.of("collectors", "samples", "voting-app-hubble.jsonl").toString();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> CONNECTION_KEYS =
      Set.of("client", "server", "port", "protocol", "verdict", "count", "firstSeen", "lastSeen");
  static final Set<String> ENDPOINT_KEYS = Set.of("kind", "namespace", "workload", "labels", "ip");

  @TempDir Path dir;
  String db;

  @BeforeEach
  void observeSample() {
    db = dir.resolve("netpol.db").toString();
    CommandHarness.run("observe", "--db", db, SAMPLE).exits(0);
  }

  private JsonNode json(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("flows", "--db", db, "-o", "json"));
    args.addAll(List.of(extra));
    CommandHarness.Result r = CommandHarness.run(args.toArray(String[]::new)).exits(0);
    JsonNode array = JSON.readTree(r.out());
    assertTrue(array.isArray(), r::toString);
    return array;
  }

  private static JsonNode find(JsonNode array, String client, String server, int port) {
    for (JsonNode c : array) {
      if ((c.get("client").get("namespace").asText()
                  + "/"
                  + c.get("client").get("workload").asText())
              .equals(client)
          && (c.get("server").get("namespace").asText()
                  + "/"
                  + c.get("server").get("workload").asText())
              .equals(server)
          && c.get("port").asInt() == port) {
        return c;
      }
    }
    throw new AssertionError(
        client + " -> " + server + ":" + port + " not in " + array.toPrettyString());
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void json_output_is_one_array_of_the_documented_shape() throws Exception {
    JsonNode array = json();

    assertEquals(18, array.size(), "12 pod edges, 6 probes of 2 nodes: " + array.toPrettyString());
    for (JsonNode c : array) {
      assertEquals(CONNECTION_KEYS, keys(c));
      assertTrue(keys(c.get("client")).containsAll(ENDPOINT_KEYS), c::toString);
      assertTrue(keys(c.get("server")).containsAll(ENDPOINT_KEYS), c::toString);
      assertTrue(
          Set.of("pod", "host", "apiserver", "world", "network", "service")
              .contains(c.get("client").get("kind").asText()));
      assertTrue(Set.of("allowed", "denied", "audit").contains(c.get("verdict").asText()));
      Instant.parse(c.get("firstSeen").asText());
      Instant.parse(c.get("lastSeen").asText());
    }
  }

  @Test
  void json_output_holds_the_voting_api_to_postgres_connection() throws Exception {
    JsonNode c = find(json(), "voting-api/api", "voting-data/postgres", 5432);

    assertEquals("pod", c.get("client").get("kind").asText());
    assertEquals("voting-api", c.get("client").get("namespace").asText());
    assertEquals("api", c.get("client").get("workload").asText());
    assertEquals("api", c.get("client").get("labels").get("app.kubernetes.io/name").asText());
    assertTrue(
        c.get("client").get("labels").get("pod-template-hash") == null,
        "volatile labels never stored");
    assertTrue(c.get("client").get("ip").isNull());
    assertEquals(
        "postgresql", c.get("server").get("labels").get("app.kubernetes.io/name").asText());
    assertEquals("TCP", c.get("protocol").asText());
    assertEquals("allowed", c.get("verdict").asText());
    assertEquals(10, c.get("count").asLong(), "5 rounds, two api pods");
    assertEquals("2026-11-20T10:00:00.010Z", c.get("firstSeen").asText());
    assertTrue(c.get("lastSeen").asText().startsWith("2026-11-20T10:02:00"), c::toString);
  }

  @Test
  void kubelet_probes_come_from_the_pods_own_node() throws Exception {
    JsonNode probes = null;
    for (JsonNode c : json()) {
      if (c.get("client").get("kind").asText().equals("host")
          && c.get("client").get("name").asText().equals("kind-worker")
          && c.get("server").get("workload").asText().equals("api")) {
        probes = c;
      }
    }
    assertTrue(probes != null);
    assertTrue(probes.get("client").get("ownNode").asBoolean());
    assertEquals("172.18.0.3", probes.get("client").get("ip").asText(), probes::toString);
    assertEquals("kind-worker", probes.get("client").get("name").asText(), probes::toString);
    assertEquals(8000, probes.get("port").asInt());
  }

  /**
   * The same kubelet probes written as Hubble and as Calico (host endpoint reporting on) give the
   * same edges: the probing node by name and address, as the pod's own node.
   */
  @Test
  void hubble_and_calico_give_the_same_kubelet_probe_edges() throws Exception {
    assertEquals(probeEdges("hubble"), probeEdges("calico"));
    assertEquals(6, probeEdges("hubble").size(), probeEdges("hubble")::toString);
  }

  private Set<String> probeEdges(String format) throws Exception {
    String flows = dir.resolve(format + ".jsonl").toString();
    String store = dir.resolve(format + ".db").toString();
    CommandHarness.run("simulate", "--format", format, "--lines", "600", "--out", flows).exits(0);
    CommandHarness.run("observe", "--db", store, flows).exits(0);
    CommandHarness.Result r = CommandHarness.run("flows", "--db", store, "-o", "json").exits(0);
    Set<String> out = new TreeSet<>();
    for (JsonNode c : JSON.readTree(r.out())) {
      if (c.get("client").get("kind").asText().equals("host")) {
        out.add(
            c.get("client")
                + " -> "
                + c.get("server").get("workload").asText()
                + ":"
                + c.get("port"));
      }
    }
    return out;
  }

  @Test
  void the_namespace_filter_keeps_connections_with_a_side_in_it() throws Exception {
    JsonNode array = json("--namespace", "voting-data");

    assertEquals(8, array.size(), array::toPrettyString);
    for (JsonNode c : array) {
      assertTrue(
          c.get("client").get("namespace").asText().equals("voting-data")
              || c.get("server").get("namespace").asText().equals("voting-data"),
          c::toString);
    }
    assertEquals(
        array.size() + json("-n", "voting-consumer").size() - 2,
        json("-n", "voting-data", "-n", "voting-consumer").size(),
        "repeatable; consumer->redis/postgres in both");
  }

  @Test
  void the_table_lists_each_connection_once_with_a_header() {
    CommandHarness.Result r = CommandHarness.run("flows", "--db", db).exits(0);

    List<String> lines = r.out().lines().toList();
    assertTrue(
        lines.get(0).matches("CLIENT\\s+SERVER\\s+PORT\\s+VERDICT\\s+CONNECTIONS\\s+LAST SEEN"),
        r::toString);
    assertEquals(19, lines.size(), r::toString);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "voting-api/api\\s+voting-data/postgres\\s+5432/TCP\\s+allowed\\s+10\\s+.*")),
        r::toString);
  }

  @Test
  void an_empty_store_prints_an_empty_json_array() throws Exception {
    db = dir.resolve("empty.db").toString();
    io.netpol.store.Store.open(java.nio.file.Path.of(db)).close();

    assertEquals(0, json().size());
  }

  @Test
  void a_missing_store_is_named_with_the_fix() {
    CommandHarness.Result r =
        CommandHarness.run("flows", "--db", dir.resolve("typo.db").toString());
    assertEquals(2, r.exit(), r::toString);
    assertTrue(
        r.err()
            .contains(
                "no database at "
                    + dir.resolve("typo.db")
                    + ": run 'netpol-recommend observe' first"),
        r::toString);
  }
}
