package io.netpol.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netpol.flow.Endpoint;
import io.netpol.flow.ObservedConnection;
import io.netpol.flow.Verdict;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records as Fluent Bit and Vector ship them: double-encoded, or with their own fields merged in.
 */
class ShipperWrappersIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // Fluent Bit without a parser: {"@timestamp":.., "log":"<escaped json>"}
    "shippers/fluent-bit-hubble.jsonl, 1",
    "shippers/fluent-bit-calico.jsonl, 4",
    // Vector's file source without parsing: the record in "message", plus file, host, timestamp
    "shippers/vector-hubble-message.jsonl, 1",
    // Vector after parse_json merged into the event: its source_type:"file" replaced Calico's "wep"
    "shippers/vector-calico-merged.jsonl, 4",
  })
  void shipped_records_are_unwrapped_into_the_same_connection(String resource, long count) {
    ObserveRun run =
        ObserveRun.paths(
            dir.resolve("netpol.db"), IngestOptions.defaults(), Resources.flows(resource));

    ObservedConnection c = run.only();
    assertEquals(0, run.report.malformed(), run.describe());
    assertEquals(
        Endpoint.pod("voting-api", "api", Map.of("app.kubernetes.io/name", "api")), c.client());
    assertEquals(
        Endpoint.pod("voting-data", "redis", Map.of("app.kubernetes.io/name", "redis")),
        c.server());
    assertEquals(6379, c.port());
    assertEquals(Verdict.ALLOWED, c.verdict());
    assertEquals(count, c.count());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"@timestamp\":1795168800.1,\"log\":\"level=info msg=started\"} | \"log\" is not JSON",
        "{\"file\":\"/var/log/x\",\"message\":\"plain text\",\"source_type\":\"file\"} | \"message\" is not JSON",
      })
  void a_shipper_record_around_plain_text_is_malformed_with_the_fix_in_the_reason(
      String line, String reason) {
    ObserveRun run = ObserveRun.lines(dir, line);

    assertEquals(1, run.report.malformed(), run.describe());
    String problem = run.report.problems().get(0).reason();
    assertEquals(
        true,
        problem.contains(reason) && problem.contains("configure the shipper's JSON parser"),
        problem);
  }
}
