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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --pods N}: a Hubble export of a cluster with N distinct pods (the benchmark of
 * many endpoints), which observe reads without a problem into one workload per three replicas.
 */
class SimulateManyPodsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void every_pod_is_an_endpoint_of_its_own_and_observe_names_their_workloads() throws Exception {
    Path flows = dir.resolve("many.jsonl");
    CommandHarness.run("simulate", "--pods", "300", "--lines", "20000", "--out", flows.toString())
        .exits(0);
    List<String> lines = Files.readAllLines(flows);
    assertEquals(20_000, lines.size());
    Set<String> pods = new HashSet<>();
    Set<String> endpoints = new HashSet<>();
    for (String line : lines) {
      JsonNode flow = JSON.readTree(line).get("flow");
      for (String side : List.of("source", "destination")) {
        JsonNode ep = flow.get(side);
        if (ep.has("pod_name")) {
          pods.add(ep.get("pod_name").asText());
          endpoints.add(ep.toString());
        }
      }
    }
    assertTrue(pods.size() >= 300, pods.size() + " pods");
    assertEquals(pods.size(), endpoints.size(), "one endpoint object per pod");

    String db = dir.resolve("many.db").toString();
    CommandHarness.Result observed = CommandHarness.run("observe", "--db", db, flows.toString());
    observed.exits(0);
    assertTrue(!observed.err().contains("malformed"), observed::toString);
    Set<String> workloads = new HashSet<>();
    for (JsonNode c :
        JSON.readTree(CommandHarness.run("flows", "--db", db, "-o", "json").exits(0).out())) {
      for (String side : List.of("client", "server")) {
        if (c.get(side).get("kind").asText().equals("pod")) {
          workloads.add(
              c.get(side).get("namespace").asText() + "/" + c.get(side).get("workload").asText());
        }
      }
    }
    assertEquals(101, workloads.size(), "100 workloads of three replicas and kube-dns");
  }

  @Test
  void pods_are_hubble_only() {
    CommandHarness.Result r =
        CommandHarness.run("simulate", "--pods", "30", "--format", "calico").exits(2);
    assertTrue(r.err().contains(SimulateCommand.PODS_NEED_HUBBLE), r::toString);
  }
}
