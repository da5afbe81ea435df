package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.CommandHarness;
import io.netpol.cli.Main;
import io.netpol.cli.Services;
import io.netpol.flow.EdgeKey;
import io.netpol.flow.Endpoint;
import io.netpol.flow.Protocol;
import io.netpol.flow.Verdict;
import io.netpol.proto.v1.EdgeDelta;
import io.netpol.simulate.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The two-stage scale-out pipeline: raw flows → edge deltas (transactions) → store. */
class EdgePipelineIT {

  @RegisterExtension static final KafkaBroker broker = KafkaBroker.perClass();

  @TempDir Path dir;

  @Test
  void edge_deltas_folded_into_the_store_give_what_direct_ingestion_gives() throws Exception {
    List<String> hubble = FlowMessages.simulate(Simulator.Format.HUBBLE, 20_000);
    List<String> calico = FlowMessages.simulate(Simulator.Format.CALICO, 4_000);
    broker.createTopic("raw", 3);
    broker.createTopic("edges", 2);
    broker.produce("raw", FlowMessages.mixed(hubble, calico, FlowMessages.Keying.CONNECTION));
    Path expected = FlowMessages.ingestFiles(dir, hubble, calico);

    Path db = dir.resolve("folded.db");
    assertEquals(
        0,
        observe(
            db,
            "--topic",
            "raw",
            "--group",
            "emitters",
            "--emit-edges",
            "edges",
            "--batch-size",
            "2000"));
    assertTrue(KafkaObserveIT.storedOffsets(db, "raw").isEmpty(), "stage 1 writes no store");
    long deltas = KafkaObserveIT.total(broker.endOffsets("edges", 2));
    assertTrue(
        deltas > 0 && deltas < (hubble.size() + calico.size()) / 10,
        "pre-aggregated: " + deltas + " deltas");

    assertEquals(0, observe(db, "--edges-topic", "edges", "--group", "folder"));
    assertEquals(FlowMessages.contents(expected), FlowMessages.contents(db));

    // Both stages again: nothing new is published or folded.
    assertEquals(0, observe(db, "--topic", "raw", "--group", "emitters", "--emit-edges", "edges"));
    assertEquals(0, observe(db, "--edges-topic", "edges", "--group", "folder"));
    assertEquals(FlowMessages.contents(expected), FlowMessages.contents(db));
  }

  @Test
  void a_delta_that_would_make_a_count_negative_is_rejected_with_its_offset() throws Exception {
    Endpoint api = Endpoint.pod("voting-api", "api", Map.of("app", "api"));
    Endpoint redis = Endpoint.pod("voting-data", "redis", Map.of("app", "redis"));
    EdgeKey edge = new EdgeKey(api.key(), redis.key(), 6379, Protocol.TCP, Verdict.ALLOWED);
    broker.createTopic("forged-edges", 1);
    broker.produce(
        "forged-edges",
        List.of(
            delta(edge, api, redis, 2), delta(edge, api, redis, -5), delta(edge, api, redis, -1)));

    Path db = dir.resolve("forged.db");
    CommandHarness.Result run =
        CommandHarness.run(
            new Services(),
            "observe",
            "--kafka-bootstrap",
            broker.bootstrap(),
            "--edges-topic",
            "forged-edges",
            "--exit-when-idle",
            "3s",
            "--db",
            db.toString());
    run.exits(0);
    assertTrue(
        run.err().contains("forged-edges/0/1: " + String.format(EdgeDeltas.NEGATIVE_COUNT, -5, 2)),
        run.toString());
    List<String> edges =
        FlowMessages.contents(db).stream().filter(l -> l.contains(" count=")).toList();
    assertEquals(1, edges.size(), edges.toString());
    assertTrue(edges.get(0).contains(" count=1 "), "+2 and -1 applied, -5 not: " + edges);
  }

  private static KafkaBroker.Message delta(EdgeKey edge, Endpoint client, Endpoint server, long n) {
    EdgeDelta d =
        EdgeDelta.newBuilder()
            .setClient(EdgeCodec.ref(client))
            .setServer(EdgeCodec.ref(server))
            .setPort(edge.port())
            .setProtocol(edge.protocol().name())
            .setVerdict(EdgeCodec.verdict(edge.verdict()))
            .setCountDelta(n)
            .setFirstSeenUnixMs(1_795_168_800_000L)
            .setLastSeenUnixMs(1_795_168_800_000L)
            .setProducer("test")
            .build();
    return new KafkaBroker.Message(EdgeCodec.key(edge), d.toByteArray());
  }

  private static int observe(Path db, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "observe",
                "--kafka-bootstrap",
                broker.bootstrap(),
                "--exit-when-idle",
                "3s",
                "--db",
                db.toString()));
    argv.addAll(List.of(args));
    return Main.run(new Services(), argv.toArray(String[]::new));
  }
}
