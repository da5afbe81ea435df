package io.netpol.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the README's blocks are read ({@link ReadmeJarIT} runs them). */
class ReadmeScriptTest {

  private static List<ReadmeScript.Step> parse(String text) {
    return ReadmeScript.parse(List.of(text.split("\n", -1)));
  }

  @Test
  void a_transcript_gives_each_command_its_output_exit_code_and_readme_line() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            Intro.

            ```
            $ bin/tool flows --db x.db
            CLIENT   SERVER
            a        b

            $ bin/tool explain \\
                --port 5432
            DENIED
            (exit 1)
            $ mkdir -p current
            ```
            """);

    assertEquals(3, steps.size());
    ReadmeScript.Run flows = (ReadmeScript.Run) steps.get(0);
    assertEquals(4, flows.line());
    assertEquals("bin/tool flows --db x.db", flows.command());
    assertEquals(List.of("CLIENT   SERVER", "a        b"), flows.expected());
    assertEquals(0, flows.exit());
    ReadmeScript.Run explain = (ReadmeScript.Run) steps.get(1);
    assertEquals(8, explain.line());
    assertEquals("bin/tool explain --port 5432", explain.command());
    assertEquals(List.of("DENIED"), explain.expected());
    assertEquals(1, explain.exit());
    assertNull(((ReadmeScript.Run) steps.get(2)).expected(), "no output shown: not checked");
  }

  @Test
  void a_needs_comment_skips_a_block_or_one_command_with_its_reason() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            ```
            # needs a cluster
            $ bin/netpol-rollout next --plan p.yaml
            applied
            ```

            ```sh
            bin/tool observe x.jsonl
            kubectl apply -k netpol-policies   # needs a cluster
            ```
            """);

    ReadmeScript.Run next = (ReadmeScript.Run) steps.get(0);
    assertEquals("needs a cluster", next.skip());
    ReadmeScript.Run observe = (ReadmeScript.Run) steps.get(1);
    assertNull(observe.skip());
    ReadmeScript.Run apply = (ReadmeScript.Run) steps.get(2);
    assertEquals("needs a cluster", apply.skip());
    assertEquals("kubectl apply -k netpol-policies", apply.command());
  }

  @Test
  void a_narration_between_two_commands_belongs_to_the_second_and_is_no_output() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            ```
            # needs a cluster
            $ bin/netpol-rollout promote --namespace a
            refused: a is still soaking
            (exit 1)

            (25 hours later; observe has stored
            150 new connections, none denied)
            $ bin/netpol-rollout verify
            all gates pass

            (not a narration: nothing follows)
            ```
            """);

    ReadmeScript.Run promote = (ReadmeScript.Run) steps.get(0);
    assertEquals(List.of("refused: a is still soaking"), promote.expected());
    assertEquals(1, promote.exit());
    assertNull(promote.narration());
    ReadmeScript.Run verify = (ReadmeScript.Run) steps.get(1);
    assertEquals(
        "(25 hours later; observe has stored 150 new connections, none denied)",
        verify.narration());
    assertEquals(
        List.of("all gates pass", "", "(not a narration: nothing follows)"), verify.expected());
  }

  @Test
  void the_build_is_not_run_again_but_what_follows_it_is() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            ```sh
            # 1. build and run
            ./mvnw -q package -DskipTests && bin/tool observe a && bin/tool propose

            # 2. test
            ./mvnw -B -ntp verify
            ```
            """);

    ReadmeScript.Run first = (ReadmeScript.Run) steps.get(0);
    assertEquals("bin/tool observe a && bin/tool propose", first.command());
    assertTrue(first.note().contains("./mvnw -q package -DskipTests"), first.note());
    assertEquals(3, first.line());
    assertTrue(((ReadmeScript.Run) steps.get(1)).skip().contains("build"));
  }

  @Test
  void markers_tie_a_block_to_an_earlier_command_or_to_a_file() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            ```sh
            bin/tool observe a
            bin/tool propose --out out
            ```

            It prints:

            <!-- readme-test: output of command 2 above -->
            ```
            wrote 15 policies
            ```

            <!-- readme-test: contents of out/a.yaml -->
            ```yaml
            kind: NetworkPolicy
            ```
            """);

    ReadmeScript.OutputOf output = assertInstanceOf(ReadmeScript.OutputOf.class, steps.get(2));
    assertSame(steps.get(1), output.run());
    assertEquals(List.of("wrote 15 policies"), output.expected());
    ReadmeScript.FileContents file =
        assertInstanceOf(ReadmeScript.FileContents.class, steps.get(3));
    assertEquals("out/a.yaml", file.path());
    assertEquals(14, file.line());
  }

  @Test
  void an_indented_code_block_or_a_stray_marker_is_reported_with_its_line() {
    List<ReadmeScript.Step> steps =
        parse(
            """
            Run this:

                bin/tool observe a

            - a list item
              continued
                and indented more

            <!-- readme-test: output of command 9 above -->
            ```
            x
            ```
            <!-- readme-test: smell of roses -->
            ```
            y
            ```
            """);

    List<ReadmeScript.Problem> problems =
        steps.stream()
            .filter(ReadmeScript.Problem.class::isInstance)
            .map(ReadmeScript.Problem.class::cast)
            .toList();
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(3, problems.get(0).line());
    assertTrue(problems.get(0).message().contains("indented code block"));
    assertEquals(10, problems.get(1).line());
    assertEquals(14, problems.get(2).line());
    assertTrue(problems.get(2).message().contains("unknown marker"));
  }

  @Test
  void output_matches_with_elided_lines_elided_text_and_any_timing() {
    String actual =
        """
        observe: read 770 records (939.8 KiB) from 1 input in 1.1 s (700 records/s) into voting.db
          + voting-api/allow-dns
          + voting-api/api-egress
          + voting-data/default-deny
        replayed: 11; newly blocked: 0
        """;

    assertTrue(
        OutputMatch.matches(
            List.of(
                "observe: read 770 records (939.8 KiB) from 1 input in 0.5 s (1,552 records/s) into"
                    + " voting.db",
                "  + voting-api/allow-dns",
                "  ...",
                "replayed: 11; ..."),
            actual));
    assertFalse(
        OutputMatch.matches(List.of("observe: read 771 records ...", "..."), actual),
        "a different figure that is not a timing");
    assertFalse(
        OutputMatch.matches(List.of("observe: ...", "  + voting-api/allow-dns"), actual),
        "output the README does not show or elide");
    assertEquals(
        "replayed: 12",
        OutputMatch.firstMismatch(List.of("observe: ...", "...", "replayed: 12"), actual));
  }

  @Test
  void the_readme_itself_follows_the_conventions() throws Exception {
    List<ReadmeScript.Step> steps = ReadmeScript.parse(Files.readAllLines(Path.of("README.md")));

    assertEquals(
        List.of(),
        steps.stream().filter(ReadmeScript.Problem.class::isInstance).toList(),
        "README.md blocks ReadmeJarIT cannot read");
    assertTrue(steps.stream().filter(ReadmeScript.Run.class::isInstance).count() >= 8);
  }
}
