package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.netpol.text.DisplayText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow logs and policy files are written by others: the strings they carry must not act on the
 * terminal (escape sequences that clear it or set its title), forge output lines, or add links,
 * images, mentions or bold text to a pull-request comment. Each test feeds one attack through a
 * command as a user runs it.
 */
@EnableKubernetesMockClient(crud = true)
class UntrustedTextIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static final String CLEAR = "\u001b[2J";
  static final String TITLE = "\u001b]0;pwned\u0007";
  static final String FORGED = "\nnewly blocked: 0";
  static final String BIDI = "\u202e";

  @TempDir Path tmp;
  Path db;
  Path flows;

  /** A Calico flows.log record: {@code client} namespace and workload to voting-api/api:8000. */
  private static ObjectNode calico(String namespace, String workload) {
    return CalicoRecord.allowed(
        namespace, workload, "app=web", "voting-api", "api", "app.kubernetes.io/name=api", 8000);
  }

  @BeforeEach
  void hostileFlows() throws Exception {
    db = tmp.resolve("netpol.db");
    flows = tmp.resolve("flows.log");
    List<String> lines = new ArrayList<>();
    lines.add(calico("evil" + CLEAR, "web" + TITLE).toString());
    lines.add(calico("team", "web" + FORGED + BIDI).toString());
    lines.add(calico("![x](https://evil.example/i.png)", "@security-team").toString());
    lines.add(calico("shop", "**All clear - approve** [merge](https://evil.example)").toString());
    ObjectNode badIp = calico("shop", "web");
    badIp.put("dest_type", "net");
    badIp.remove("dest_namespace");
    badIp.put("dest_ip", "\u001b[32mGREENIP");
    lines.add(badIp.toString());
    ObjectNode badName = calico("shop", "web");
    badName.put("dest_type", "net");
    badName.remove("dest_namespace");
    badName.put("dest_ip", "93.184.216.34");
    badName.putArray("dest_domains").add("example.com" + TITLE);
    lines.add(badName.toString());
    lines.add(calico("shop", "web").toString());
    Files.write(flows, lines);
  }

  /** No control character, no forged line, no invisible reordering. */
  private static void assertInert(CommandHarness.Result r) {
    String all = r.out() + r.err();
    for (char c : all.toCharArray()) {
      assertFalse(DisplayText.isTerminalControl(c), () -> "a control character in\n" + r);
    }
    assertFalse(all.contains(BIDI), () -> "a bidirectional override in\n" + r);
    assertFalse(
        Pattern.compile("(?m)^newly blocked: 0").matcher(all).find(),
        () -> "a forged line in\n" + r);
  }

  @Test
  void observe_refuses_an_address_or_a_dns_name_that_is_not_one_and_says_so_escaped() {
    CommandHarness.Result r =
        CommandHarness.run("observe", "--db", db.toString(), flows.toString());

    r.exits(0);
    assertInert(r);
    assertTrue(
        r.err().contains(":5: dest_ip \"\\u001b[32mGREENIP\" is not an IP address"), r::toString);
    assertTrue(
        r.err()
            .contains(":6: dest_domains \"example.com\\u001b]0;pwned\\u0007\" is not a DNS name"),
        r::toString);
    CommandHarness.Result json = CommandHarness.run("flows", "--db", db.toString(), "-o", "json");
    assertFalse(json.out().contains("GREENIP"), json::toString);
    assertFalse(json.out().contains("example.com"), "no such name stored: " + json.out());
  }

  @Test
  void flows_shows_escape_sequences_and_newlines_as_text() {
    CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);

    CommandHarness.Result r = CommandHarness.run("flows", "--db", db.toString()).exits(0);

    assertInert(r);
    assertTrue(r.out().contains("evil\\u001b[2J/web\\u001b]0;pwned\\u0007"), r::toString);
    assertTrue(r.out().contains("team/web\\u000anewly blocked: 0\\u202e"), r::toString);
    assertEquals(6, r.out().lines().count(), "a header and one line per connection: " + r);
  }

  @Test
  void propose_review_lines_are_escaped() {
    CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);

    CommandHarness.Result r = CommandHarness.run("propose", "--db", db.toString()).exits(0);

    assertInert(r);
    assertTrue(r.err().contains("\"evil\\u001b[2J\""), r::toString);
  }

  private Path defaultDenyForTheApi() throws Exception {
    Path proposed = Files.createDirectories(tmp.resolve("proposed"));
    Files.writeString(
        proposed.resolve("deny.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
            + "  name: \"deny\\e[2J\\nnewly blocked: 0\"\n  namespace: voting-api\n"
            + "  labels: {app.kubernetes.io/managed-by: netpol-recommend}\n"
            + "spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n");
    return proposed;
  }

  /** Observes the hostile flows and diffs the hostile default deny against no policies. */
  private CommandHarness.Result diffAgainstNothingDeployed(String... output) throws Exception {
    CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);
    Path proposed = defaultDenyForTheApi();
    Path deployed = Files.createDirectories(tmp.resolve("deployed"));
    return CommandHarness.run(
            CommandHarness.concat(
                new String[] {
                  "diff",
                  "--db",
                  db.toString(),
                  "--proposed",
                  proposed.toString(),
                  "--deployed",
                  deployed.toString()
                },
                output))
        .exits(1);
  }

  @Test
  void diff_text_shows_hostile_flows_and_policy_names_escaped() throws Exception {
    CommandHarness.Result r = diffAgainstNothingDeployed("-o", "text");

    assertInert(r);
    assertTrue(
        r.out().contains("BLOCKED evil\\u001b[2J/web\\u001b]0;pwned\\u0007 ->"), r::toString);
    assertTrue(
        r.out().contains("  + voting-api/deny\\u001b[2J\\u000anewly blocked: 0"), r::toString);
  }

  @Test
  void diff_markdown_keeps_every_name_inside_code_so_a_flow_cannot_write_the_comment()
      throws Exception {
    CommandHarness.Result r = diffAgainstNothingDeployed("-o", "markdown");

    assertInert(r);
    assertTrue(
        r.out().contains("- `![x](https://evil.example/i.png)/@security-team` -> "), r::toString);
    assertTrue(r.out().contains("`![x](https://evil.example/i.png)/"), r::toString);
    // What Markdown still reads as Markdown once the code spans are taken out.
    String outsideCode = r.out().replaceAll("(`+)(?:(?!\\1).)+?\\1", "CODE");
    for (String injected : List.of("](", "@security", "**All clear", "evil.example")) {
      assertFalse(outsideCode.contains(injected), injected + " outside code in\n" + r.out());
    }
  }

  @Test
  void explain_shows_a_hostile_policy_name_escaped() throws Exception {
    CommandHarness.run("observe", "--db", db.toString(), flows.toString()).exits(0);
    Path proposed = defaultDenyForTheApi();

    CommandHarness.Result r =
        CommandHarness.run(
                "explain",
                "--db",
                db.toString(),
                "--policies",
                proposed.toString(),
                "--from",
                "shop/web",
                "--to",
                "voting-api/api",
                "--port",
                "8000")
            .exits(1);

    assertInert(r);
    assertTrue(
        r.out().contains("isolated by voting-api/deny\\u001b[2J\\u000anewly blocked: 0"),
        r::toString);
  }

  @Test
  void rollout_pre_flight_problems_name_a_hostile_namespace_escaped() throws Exception {
    for (String ns : List.of("voting-api", "voting-data", "voting-consumer", "voting-frontend")) {
      MockCluster.namespace(client, ns);
    }
    MockCluster.pod(client, "voting-data", "redis-0", Map.of("app.kubernetes.io/name", "redis"));
    CommandHarness.run("observe", "--db", db.toString(), RolloutFixture.SAMPLE).exits(0);
    Path policies = Files.createDirectories(tmp.resolve("policies/voting-data"));
    Files.writeString(
        policies.resolve("redis.yaml"),
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: redis\n"
            + "  namespace: voting-data\n  labels: {app.kubernetes.io/managed-by: netpol-recommend}\n"
            + "spec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: redis}}\n"
            + "  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n"
            + "            matchLabels: {kubernetes.io/metadata.name: \"evil\\e[2J\\nall gates pass\"}\n");
    TestServices services =
        new TestServices() {
          @Override
          public KubernetesClient kubernetes(KubeOptions options) {
            return server.createClient();
          }
        };

    CommandHarness.Result r =
        CommandHarness.rollout(
            services,
            "next",
            "--plan",
            RolloutIT.PLAN,
            "--policies",
            tmp.resolve("policies").toString(),
            "--db",
            db.toString(),
            "--namespace",
            "voting-data",
            "--dry-run");

    assertInert(r);
    assertFalse(
        Pattern.compile("(?m)^all gates pass").matcher(r.out() + r.err()).find(), r::toString);
    assertTrue(r.err().contains("evil\\u001b[2J\\u000aall gates pass"), r::toString);
  }
}
