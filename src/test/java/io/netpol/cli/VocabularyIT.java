package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One vocabulary in every command: a connection is one counted connection, an edge is a distinct
 * client, server, port, protocol and verdict carrying connections. observe, flows, propose and diff
 * report the same numbers for the same store, and a cross-namespace edge counts once.
 */
class VocabularyIT {
  private static final Path SAMPLE = Path.of("collectors/samples/voting-app-hubble.jsonl");
  private static final Path TRAP = Path.of("src/test/resources/policies/dns-trap");

  @TempDir Path dir;
  String db;
  String observed;
  JsonNode flows;

  @BeforeEach
  void observe() throws Exception {
    db = dir.resolve("netpol.db").toString();
    observed = CommandHarness.run("observe", "--db", db, SAMPLE.toString()).exits(0).err();
    RecordedStep.dnsTrapDeployed(Path.of(db));
    flows =
        new ObjectMapper()
            .readTree(CommandHarness.run("flows", "--db", db, "-o", "json").exits(0).out());
  }

  private static Matcher find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), () -> "no " + regex + " in:\n" + text);
    return m;
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  private long connections(List<JsonNode> edges) {
    return edges.stream().mapToLong(e -> e.get("count").asLong()).sum();
  }

  private List<JsonNode> edges() {
    List<JsonNode> out = new java.util.ArrayList<>();
    flows.forEach(out::add);
    return out;
  }

  @Test
  void observe_and_flows_give_the_same_edges_and_connections() {
    Matcher holds = find("the store holds ([\\d,]+) connections on ([\\d,]+) edges", observed);
    String table = CommandHarness.run("flows", "--db", db).exits(0).err();
    Matcher total = find("flows: ([\\d,]+) edges, ([\\d,]+) connections", table);

    assertEquals(edges().size(), number(holds.group(2)));
    assertEquals(connections(edges()), number(holds.group(1)));
    assertEquals(holds.group(2), total.group(1));
    assertEquals(holds.group(1), total.group(2));
    assertTrue(observed.contains("connections stored: " + holds.group(1)), observed);
  }

  @Test
  void propose_counts_an_edge_between_two_namespaces_once_in_its_totals() {
    String out = dir.resolve("policies").toString();
    String err = CommandHarness.run("propose", "--db", db, "--out", out).exits(0).err();
    Matcher totals = find("allowing ([\\d,]+) observed edges \\(([\\d,]+) connections\\)", err);
    Set<String> scope = new HashSet<>();
    long rowEdges = 0;
    long rowConnections = 0;
    Matcher row =
        Pattern.compile("(?m)^  (voting-\\S+)\\s+\\d+\\s+\\d+\\s+(\\d+)\\s+([\\d,]+)$")
            .matcher(err);
    while (row.find()) {
      scope.add(row.group(1));
      rowEdges += number(row.group(2));
      rowConnections += number(row.group(3));
    }
    List<JsonNode> inScope =
        edges().stream()
            .filter(e -> inScope(e.get("client"), scope) || inScope(e.get("server"), scope))
            .toList();
    long crossNamespace =
        inScope.stream()
            .filter(
                e ->
                    inScope(e.get("client"), scope)
                        && inScope(e.get("server"), scope)
                        && !e.get("client")
                            .get("namespace")
                            .equals(e.get("server").get("namespace")))
            .count();

    assertEquals(4, scope.size(), err);
    assertEquals(inScope.size(), number(totals.group(1)), err);
    assertEquals(connections(inScope), number(totals.group(2)), err);
    assertTrue(crossNamespace > 0, "the sample has edges between namespaces");
    assertEquals(rowEdges - crossNamespace, number(totals.group(1)), "the table shows them twice");
    assertTrue(rowConnections > number(totals.group(2)), err);
  }

  private static boolean inScope(JsonNode endpoint, Set<String> scope) {
    return endpoint.get("kind").asText().equals("pod")
        && scope.contains(endpoint.get("namespace").asText());
  }

  @Test
  void diff_replays_edges_and_says_how_many_connections_it_would_block() throws Exception {
    String[] args = {
      "diff",
      "--db",
      db,
      "--proposed",
      TRAP.resolve("proposed").toString(),
      "--deployed",
      TRAP.resolve("deployed").toString()
    };
    String text = CommandHarness.run(args).out();
    Matcher line =
        find(
            "observed edges replayed: ([\\d,]+); newly blocked: ([\\d,]+) edges \\(([\\d,]+) connections\\)",
            text);
    Matcher blocked = Pattern.compile("BLOCKED .* \\(allowed, ([\\d,]+) connections").matcher(text);
    long lines = 0;
    long blockedConnections = 0;
    while (blocked.find()) {
      lines++;
      blockedConnections += number(blocked.group(1));
    }

    assertTrue(Files.isDirectory(TRAP.resolve("deployed")));
    assertTrue(number(line.group(1)) <= edges().size(), text);
    assertEquals(lines, number(line.group(2)), text);
    assertTrue(lines > 0, "the DNS trap blocks observed traffic: " + text);
    assertEquals(blockedConnections, number(line.group(3)), text);
  }
}
