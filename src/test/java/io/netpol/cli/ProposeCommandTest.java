package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netpol.render.PolicyDocuments;
import io.netpol.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposeCommandTest {

  static final String SAMPLE = "collectors/samples/voting-app-hubble.jsonl";

  @TempDir Path tmp;
  Path db;

  @BeforeEach
  void observe() {
    db = tmp.resolve("netpol.db");
    CommandHarness.Result r = CommandHarness.run("observe", "--db", db.toString(), SAMPLE);
    assertEquals(0, r.exit(), r::toString);
  }

  @Test
  void prints_one_multi_document_yaml_kubectl_can_read() {
    CommandHarness.Result r = CommandHarness.run("propose", "--db", db.toString());
    assertEquals(0, r.exit(), r::toString);
    List<String> docs = Stream.of(r.out().split("(?m)^---\n")).filter(s -> !s.isBlank()).toList();
    assertEquals(15, docs.size());
    KubernetesSerialization k8s = new KubernetesSerialization();
    for (String doc : docs) {
      NetworkPolicy p = k8s.unmarshal(doc, NetworkPolicy.class);
      assertEquals("networking.k8s.io/v1", p.getApiVersion());
      assertEquals(
          "netpol-recommend", p.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
      assertFalse(doc.contains("status"), doc);
    }
    assertTrue(r.err().contains("propose: 15 policies"), r::toString);
  }

  @Test
  void json_output_is_a_v1_list() {
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "-o", "json", "-n", "voting-data");
    assertEquals(0, r.exit(), r::toString);
    KubernetesList list = new KubernetesSerialization().unmarshal(r.out(), KubernetesList.class);
    assertEquals(4, list.getItems().size());
  }

  @Test
  void two_runs_are_byte_identical() {
    String first = CommandHarness.run("propose", "--db", db.toString()).out();
    String second = CommandHarness.run("propose", "--db", db.toString()).out();
    assertEquals(first, second);
  }

  @Test
  void out_writes_one_file_per_policy_and_a_sorted_kustomization() throws IOException {
    Path out = tmp.resolve("policies");
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals("", r.out());
    assertTrue(Files.isRegularFile(out.resolve("voting-data/netpol-recommend-redis-ingress.yaml")));
    assertTrue(
        Files.isRegularFile(out.resolve("voting-frontend/netpol-recommend-default-deny.yaml")));
    String kustomization = Files.readString(out.resolve("kustomization.yaml"));
    List<String> resources =
        kustomization.lines().filter(l -> l.startsWith("  - ")).map(l -> l.substring(4)).toList();
    assertEquals(15, resources.size());
    assertEquals(resources.stream().sorted().toList(), resources);
    for (String resource : resources) {
      assertTrue(Files.isRegularFile(out.resolve(resource)), resource);
    }
  }

  @Test
  void never_writes_through_a_symbolic_link_out_of_the_folder() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("policies"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("voting-data"), elsewhere);
    CommandHarness.Result r =
        CommandHarness.run(
            "propose", "--db", db.toString(), "--out", out.toString(), "-n", "voting-data");
    assertEquals(ExitCode.INVALID_INPUT.code(), r.exit(), r::toString);
    assertTrue(r.err().contains("is a symbolic link"), r::toString);
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void min_count_drops_weak_evidence_and_the_summary_says_so() {
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "--min-count", "11");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("dropped as weak or old evidence"), r::toString);
    assertTrue(r.err().contains("below --min-count 11"), r::toString);
  }

  @Test
  void since_is_measured_from_the_injected_clock() {
    CommandHarness.Result r = CommandHarness.run("propose", "--db", db.toString(), "--since", "1h");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("before --since 2026-11-21T09:00:00Z"), r::toString);
  }

  @Test
  void usage_errors_exit_2() {
    assertEquals(2, CommandHarness.run("propose", "--db", db.toString(), "-n", "../../etc").exit());
    assertEquals(
        2, CommandHarness.run("propose", "--db", db.toString(), "--world-prefix", "0").exit());
    assertEquals(
        2, CommandHarness.run("propose", "--db", db.toString(), "--since", "yesterday").exit());
    assertEquals(
        2, CommandHarness.run("propose", "--db", db.toString(), "--min-count", "0").exit());
    assertEquals(2, CommandHarness.run("propose", "--db", db.toString(), "-o", "xml").exit());
  }

  @Test
  void a_missing_database_is_exit_2_and_an_empty_one_exit_3() {
    CommandHarness.Result missing =
        CommandHarness.run("propose", "--db", tmp.resolve("none.db").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("run 'netpol-recommend observe' first"), missing::toString);
    assertFalse(Files.exists(tmp.resolve("none.db")));
    Path empty = tmp.resolve("empty.db");
    Store.open(empty).close();
    assertEquals(3, CommandHarness.run("propose", "--db", empty.toString()).exit());
  }

  @Test
  void a_new_proposal_removes_the_policies_it_no_longer_makes_and_nothing_else() throws Exception {
    Path out = tmp.resolve("out");
    CommandHarness.run("propose", "--db", db.toString(), "--out", out.toString()).exits(0);
    Files.writeString(out.resolve("voting-data/README.md"), "reviewed by the data team");
    Files.writeString(
        out.resolve("voting-data/team-policy.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n");
    // Evidence seen fewer than 11 times is dropped: redis and the consumer's postgres edge go.
    CommandHarness.Result r =
        CommandHarness.run(
                "propose",
                "--db",
                db.toString(),
                "--out",
                out.toString(),
                "-n",
                "voting-data",
                "--min-count",
                "11")
            .exits(0);
    assertTrue(r.err().contains("removed"), r::toString);
    assertFalse(
        Files.exists(out.resolve("voting-data/netpol-recommend-redis-ingress.yaml")), r::toString);
    assertTrue(Files.exists(out.resolve("voting-data/README.md")));
    assertTrue(
        Files.exists(out.resolve("voting-data/team-policy.yaml")),
        "files the tool did not write stay");
    assertTrue(
        Files.exists(out.resolve("voting-api/netpol-recommend-api-egress.yaml")),
        "namespaces outside this run stay");
  }

  @Test
  void a_namespace_without_observed_pods_is_refused_unless_allowed_empty() throws IOException {
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "-n", "voting-dta").exits(2);
    assertTrue(
        r.err()
            .contains(
                "--namespace voting-dta: no pods observed there; namespaces with observed pods:"
                    + " ingress-nginx, kube-system, voting-api, voting-consumer, voting-data,"
                    + " voting-frontend"),
        r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    Path out = tmp.resolve("empty");
    CommandHarness.run(
            "propose",
            "--db",
            db.toString(),
            "-n",
            "voting-dta",
            "--allow-empty",
            "--out",
            out.toString())
        .exits(0);
    String deny = Files.readString(out.resolve("voting-dta/netpol-recommend-default-deny.yaml"));
    assertTrue(deny.contains("no pod of voting-dta was observed (--allow-empty)"), deny);
    assertFalse(deny.contains("\"connections\":0,"), "not a bare 0 connections: " + deny);
  }

  @Test
  void the_default_deny_says_what_it_covers() throws IOException {
    Path out = tmp.resolve("out");
    CommandHarness.run("propose", "--db", db.toString(), "--out", out.toString()).exits(0);
    String deny = Files.readString(out.resolve("voting-data/netpol-recommend-default-deny.yaml"));
    assertTrue(
        deny.contains("\"covers\":\"every pod in voting-data\",\"workloadsObserved\":2"), deny);
  }

  @Test
  void names_carry_the_prefix_and_a_bad_prefix_or_value_is_exit_2() {
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "--name-prefix", "team-a-").exits(0);
    assertTrue(r.out().contains("name: team-a-default-deny"), r::toString);
    assertFalse(r.out().contains("name: netpol-recommend-"), r::toString);
    CommandHarness.Result none =
        CommandHarness.run("propose", "--db", db.toString(), "--name-prefix", "").exits(0);
    assertTrue(none.out().contains("name: default-deny"), none::toString);
    CommandHarness.Result bad =
        CommandHarness.run("propose", "--db", db.toString(), "--name-prefix", "Team_").exits(2);
    assertTrue(bad.err().contains("--name-prefix \"Team_\""), bad::toString);
    CommandHarness.Result cidr =
        CommandHarness.run("propose", "--db", db.toString(), "--peer-cidr", "pvt=10.0.0.0/33")
            .exits(2);
    assertTrue(cidr.err().contains("--peer-cidr: \"10.0.0.0/33\" is not a CIDR"), cidr::toString);
    CommandHarness.run("propose", "--db", db.toString(), "--peer-cidr", "10.0.0.0/8").exits(2);
    CommandHarness.run("propose", "--db", db.toString(), "--unknown-peers", "maybe").exits(2);
    CommandHarness.run("propose", "--db", db.toString(), "--group", "cluster").exits(2);
    CommandHarness.run("propose", "--db", db.toString(), "--public-clients", "-1").exits(2);
  }

  @Test
  void evidence_writes_every_observed_peer_of_every_rule() throws IOException {
    Path file = tmp.resolve("evidence.json");
    CommandHarness.Result r =
        CommandHarness.run("propose", "--db", db.toString(), "--evidence", file.toString())
            .exits(0);
    assertTrue(r.err().contains("wrote the full evidence to " + file), r::toString);
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    assertEquals(15, json.path("policies").size());
    com.fasterxml.jackson.databind.JsonNode postgres = null;
    for (com.fasterxml.jackson.databind.JsonNode p : json.path("policies")) {
      if (p.path("name").asText().equals("netpol-recommend-postgres-ingress")) {
        postgres = p.path("rules").get(0);
      }
    }
    assertEquals(
        List.of("voting-api/api", "voting-consumer/consumer"),
        java.util.stream.StreamSupport.stream(postgres.path("observed").spliterator(), false)
            .map(o -> o.path("peer").asText())
            .toList());
    assertEquals("file:voting-app-hubble.jsonl", postgres.path("sources").get(0).asText());
  }

  @Test
  void evidence_sources_do_not_depend_on_where_observe_ran() throws IOException {
    Path other = tmp.resolve("other.db");
    CommandHarness.run(
            "observe", "--db", other.toString(), Path.of(SAMPLE).toAbsolutePath().toString())
        .exits(0);
    String here = CommandHarness.run("propose", "--db", db.toString()).exits(0).out();
    String there = CommandHarness.run("propose", "--db", other.toString()).exits(0).out();
    assertEquals(here, there);
    assertTrue(here.contains("\"sources\":[\"file:voting-app-hubble.jsonl\"]"), here);
  }

  @Test
  void json_output_is_streamed_and_the_same_as_one_list() {
    CommandHarness.Result r = CommandHarness.run("propose", "--db", db.toString(), "-o", "json");
    assertEquals(0, r.exit(), r::toString);
    CommandHarness.Result yaml = CommandHarness.run("propose", "--db", db.toString());
    List<NetworkPolicy> fromYaml =
        Stream.of(yaml.out().split("(?m)^---\n"))
            .filter(x -> !x.isBlank())
            .map(x -> new KubernetesSerialization().unmarshal(x, NetworkPolicy.class))
            .toList();
    assertEquals(
        PolicyDocuments.jsonList(fromYaml.stream().map(PolicyDocuments::tree).toList()), r.out());
  }

  @Test
  void printed_policies_are_byte_for_byte_the_files_out_writes() throws IOException {
    String printed = CommandHarness.run("propose", "--db", db.toString()).exits(0).out();
    Path out = tmp.resolve("out");
    CommandHarness.run("propose", "--db", db.toString(), "--out", out.toString()).exits(0);
    java.util.SortedSet<String> files = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(out.resolve("kustomization.yaml"))) {
      String t = line.trim();
      if (t.startsWith("- ") && t.endsWith(".yaml")) {
        files.add(Files.readString(out.resolve(t.substring(2))));
      }
    }
    java.util.SortedSet<String> documents = new java.util.TreeSet<>();
    Stream.of(printed.split("(?m)^---\n")).filter(d -> !d.isBlank()).forEach(documents::add);
    assertEquals(15, files.size(), "kustomization lists the 15 files");
    assertEquals(files, documents);
  }
}
