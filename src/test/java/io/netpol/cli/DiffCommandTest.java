package io.netpol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff} against files, in-process, on the voting app's store and proposal. */
class DiffCommandTest {
  @TempDir Path tmp;
  Path db;
  Path proposal;
  Path deployed;

  @BeforeEach
  void observeAndPropose() throws Exception {
    db = tmp.resolve("netpol.db");
    proposal = tmp.resolve("policies");
    deployed = Files.createDirectories(tmp.resolve("deployed"));
    CommandHarness.run(
            "observe", "--db", db.toString(), "collectors/samples/voting-app-hubble.jsonl")
        .exits(0);
    CommandHarness.run("propose", "--db", db.toString(), "--out", proposal.toString()).exits(0);
  }

  private CommandHarness.Result diff(Path proposed, String... more) {
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
            more));
  }

  @Test
  void a_proposal_without_a_single_policy_is_refused_with_one_line_and_exit_2() throws Exception {
    Path nothing = Files.createDirectories(tmp.resolve("nothing"));
    CommandHarness.Result r = diff(nothing).exits(2);
    assertEquals(
        "netpol-recommend: " + String.format(DiffCommand.EMPTY_PROPOSAL, nothing, nothing) + "\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void a_proposal_folder_reached_through_a_symbolic_link_is_read_like_the_folder()
      throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), proposal);
    String direct = diff(proposal).exits(0).out();
    assertEquals(direct, diff(link).exits(0).out());
    assertTrue(direct.contains("15 added"), direct);
  }

  @Test
  void with_v_each_step_says_what_it_did_and_how_long_it_took() {
    CommandHarness.Result r = diff(proposal, "-v").exits(0);
    for (String step :
        new String[] {
          "diff: read 15 proposed policies (",
          "diff: read 0 deployed policies (",
          "diff: replayed ",
          "diff: wrote the report ("
        }) {
      assertTrue(r.err().contains(step), r::toString);
    }
  }

  @Test
  void text_json_and_markdown_carry_the_same_sections_kept_policies_and_deciders()
      throws Exception {
    Path trap = Path.of("src/test/resources/policies/dns-trap");
    String[] common = {
      "diff",
      "--db",
      db.toString(),
      "--proposed",
      trap.resolve("proposed").toString(),
      "--deployed",
      trap.resolve("deployed").toString()
    };
    String text = CommandHarness.run(common).exits(1).out();
    String markdown =
        CommandHarness.run(CommandHarness.concat(common, "-o", "markdown")).exits(1).out();
    JsonNode json =
        new ObjectMapper()
            .readTree(
                CommandHarness.run(CommandHarness.concat(common, "-o", "json")).exits(1).out());

    for (String kept : new String[] {"voting-api/api-ingress", "voting-data/data-ingress"}) {
      assertTrue(text.contains("= " + kept + " ("), text);
      assertTrue(markdown.contains("- kept, not owned: `" + kept + "`"), markdown);
    }
    assertEquals(2, json.path("policies").path("kept").size(), json.toString());
    for (JsonNode k : json.path("policies").path("kept")) {
      assertTrue(k.path("sameName").asBoolean(), k.toString());
      assertTrue(k.path("conflict").asBoolean(), k.toString());
    }
    assertTrue(text.contains("CONFLICT: a proposed policy has the same name"), text);
    assertTrue(markdown.contains("CONFLICT: a proposed policy has the same name"), markdown);
    // The policy that decides each newly blocked connection, and where it comes from.
    assertTrue(text.contains("(isolated by voting-api/allow-dns (proposed))"), text);
    assertTrue(markdown.contains("(isolated by `voting-api/allow-dns` (proposed))"), markdown);
    JsonNode decider =
        json.path("connections").path("newlyBlocked").get(0).path("decidedBy").get(0);
    assertEquals("egress", decider.path("side").asText());
    assertEquals("voting-api/allow-dns", decider.path("policies").get(0).path("policy").asText());
    assertEquals("proposed", decider.path("policies").get(0).path("origin").asText());
    assertTrue(markdown.contains("| 1 | 0 | 0 | 0 | 2 | 2 | 0 |"), markdown);
  }
}
