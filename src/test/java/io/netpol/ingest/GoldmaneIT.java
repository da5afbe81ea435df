package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calico OSS Goldmane flows: the push emitter's NDJSON and gRPC clients' protojson. */
class GoldmaneIT {

  @TempDir Path dir;

  private ObserveRun observe(String resource) {
    return ObserveRun.paths(
        dir.resolve("netpol.db"), IngestOptions.defaults(), Resources.flows(resource));
  }

  private static ObservedConnection between(ObserveRun run, String client, String server) {
    return run.connections.stream()
        .filter(c -> c.client().key().equals(client) && c.server().key().equals(server))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(client + " -> " + server + " not stored:\n" + run.describe()));
  }

  @Test
  void ndjson_with_snake_case_key_and_integer_enums_is_read() {
    ObserveRun run = observe("goldmane/push-emitter.ndjson");

    assertEquals(0, run.report.malformed(), run.describe());
    assertEquals(3, run.connections.size(), run.describe());
    ObservedConnection c = between(run, "pod:voting-api/api", "pod:voting-data/postgres");
    assertEquals(
        Endpoint.pod("voting-api", "api", Map.of("app.kubernetes.io/name", "api")), c.client());
    assertEquals(
        Endpoint.pod("voting-data", "postgres", Map.of("app.kubernetes.io/name", "postgresql")),
        c.server());
    assertEquals(5432, c.port());
    assertEquals(Protocol.TCP, c.protocol());
    assertEquals(Verdict.ALLOWED, c.verdict(), "action 1 is Allow");
    assertEquals(3, c.count(), "num_connections_started");
    assertEquals(1_795_168_800_000L, c.firstSeenMs());
  }

  @Test
  void ndjson_integer_action_two_is_a_deny() {
    ObservedConnection c =
        between(
            observe("goldmane/push-emitter.ndjson"),
            "pod:voting-consumer/consumer",
            "pod:voting-data/postgres");

    assertEquals(Verdict.DENIED, c.verdict());
    assertEquals(2, c.count());
  }

  @Test
  void a_pending_policy_deny_makes_an_allowed_goldmane_flow_audit_counted_by_live_connections() {
    ObservedConnection c =
        between(
            observe("goldmane/push-emitter.ndjson"),
            "pod:voting-frontend/frontend",
            "pod:voting-api/api");

    assertEquals(Verdict.AUDIT, c.verdict());
    assertEquals(4, c.count(), "no connection started in the interval, four live");
  }

  @Test
  void protojson_with_camel_case_enum_names_and_int64_strings_is_read() {
    ObserveRun run = observe("goldmane/protojson.jsonl");

    assertEquals(0, run.report.malformed(), run.describe());
    ObservedConnection c = between(run, "pod:voting-api/api", "pod:voting-data/redis");
    assertEquals(6379, c.port(), "destPort \"6379\"");
    assertEquals(Verdict.ALLOWED, c.verdict());
    assertEquals(5, c.count(), "numConnectionsStarted \"5\"");
    assertEquals(1_795_168_815_000L, c.lastSeenMs(), "endTime \"1795168815\"");
    assertEquals(Map.of("app.kubernetes.io/name", "redis"), c.server().labels());
  }

  @Test
  void protojson_deny_to_the_public_network_is_a_denied_world_peer() {
    ObserveRun run = observe("goldmane/protojson.jsonl");

    ObservedConnection c = run.withVerdict(Verdict.DENIED).get(0);
    assertEquals(EndpointKind.WORLD, c.server().kind());
    assertEquals(443, c.port());
    assertTrue(run.withVerdict(Verdict.AUDIT).isEmpty());
  }
}
