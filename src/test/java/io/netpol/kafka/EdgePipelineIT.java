package io.netpol.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netpol.cli.Main;
import io.netpol.cli.Services;
import io.netpol.simulate.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-stage scale-out pipeline: raw flows → edge deltas (transactions) → store. */
class EdgePipelineIT {

  private static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

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
