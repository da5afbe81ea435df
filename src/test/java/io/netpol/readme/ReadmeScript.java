package io.netpol.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's command blocks as a script: what to run, in document order, and what each run must
 * print and exit with. The conventions are described in {@link ReadmeJarIT}.
 */
final class ReadmeScript {

  /** One thing the README asserts, at a line of README.md. */
  sealed interface Step permits Run, OutputOf, FileContents, Problem {
    int line();
  }

  /**
   * A command to run from the repository root.
   *
   * @param expected the output the README shows (null: not shown, so not checked)
   * @param exit the exit code the README shows with {@code (exit N)}, else 0
   * @param skip why it is not run (needs a cluster, the build itself), else null
   * @param note what the test changed about the command (a leading {@code ./mvnw ... &&}), or null
   * @param narration what a transcript says happened before the command, in parentheses on lines of
   *     their own ({@code (25 hours later; ...)}), or null; only a test that runs the block against
   *     a cluster can make it happen
   */
  record Run(
      int line,
      String command,
      List<String> expected,
      int exit,
      String skip,
      String note,
      String narration)
      implements Step {}

  /** The output a README block shows for an earlier {@link Run}. */
  record OutputOf(int line, Run run, List<String> expected) implements Step {}

  /** The contents a README block shows for a file the commands before it wrote. */
  record FileContents(int line, String path, List<String> expected) implements Step {}

  /** A README block the conventions cannot read; fails the test with its line. */
  record Problem(int line, String message) implements Step {}

  static final String MARKER_PREFIX = "<!-- readme-test:";
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)\\s*([\\w-]*).*$");
  private static final Pattern MARKER = Pattern.compile("^<!-- readme-test: (.*?) -->\\s*$");
  private static final Pattern OUTPUT_OF = Pattern.compile("output of command (\\d+) above");
  private static final Pattern CONTENTS = Pattern.compile("contents of (\\S+)");
  private static final Pattern NEEDS = Pattern.compile("#\\s*(needs\\s+.+?)\\s*$");
  private static final Pattern EXIT = Pattern.compile("^\\(exit (\\d+)\\)$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*([-*+]|\\d+[.)])\\s.*");
  private static final List<String> SHELLS = List.of("sh", "bash", "shell");
  static final String BUILD = "./mvnw";

  private final List<Step> steps = new ArrayList<>();
  private List<Run> lastBlock = List.of();

  private ReadmeScript() {}

  /** Parses the lines of README.md. */
  static List<Step> parse(List<String> lines) {
    ReadmeScript script = new ReadmeScript();
    script.read(lines);
    return script.steps;
  }

  private void read(List<String> lines) {
    String marker = null;
    int markerLine = 0;
    boolean inList = false;
    boolean afterBlank = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int number = i + 1;
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        int end = closing(lines, i, fence.group(1));
        if (end < 0) {
          steps.add(new Problem(number, "a fenced block that is never closed"));
          return;
        }
        block(number, fence.group(2), lines.subList(i + 1, end), marker);
        marker = null;
        i = end;
        afterBlank = false;
        continue;
      }
      Matcher m = MARKER.matcher(line.strip());
      if (m.matches()) {
        marker = m.group(1);
        markerLine = number;
        continue;
      }
      if (line.startsWith(MARKER_PREFIX)) {
        steps.add(
            new Problem(
                number, "a readme-test marker must be one line: <!-- readme-test: ... -->"));
        continue;
      }
      if (line.isBlank()) {
        afterBlank = true;
        continue;
      }
      if (marker != null) {
        steps.add(
            new Problem(
                markerLine, "the marker '" + marker + "' is not followed by a fenced block"));
        marker = null;
      }
      boolean indented = line.startsWith("    ") || line.startsWith("\t");
      if (LIST_ITEM.matcher(line).matches()) {
        inList = true;
      } else if (!indented && !line.startsWith("  ")) {
        inList = false;
      }
      if (indented && afterBlank && !inList) {
        steps.add(
            new Problem(
                number,
                "an indented code block: use a fenced one (```sh to run it, ```text for a synopsis)"
                    + " so this test sees it"));
        // One report per indented block.
        while (i + 1 < lines.size()
            && (lines.get(i + 1).isBlank() || lines.get(i + 1).startsWith("    "))) {
          i++;
        }
      }
      afterBlank = false;
    }
    if (marker != null) {
      steps.add(new Problem(markerLine, "the marker '" + marker + "' is not followed by a block"));
    }
  }

  private static int closing(List<String> lines, int open, String fence) {
    for (int j = open + 1; j < lines.size(); j++) {
      String s = lines.get(j).strip();
      if (s.startsWith(fence) && s.replace(fence.substring(0, 1), "").isEmpty()) {
        return j;
      }
    }
    return -1;
  }

  /** A fenced block: {@code body} starts at line {@code open + 1}. */
  private void block(int open, String language, List<String> body, String marker) {
    if (marker != null) {
      marked(open, marker, body);
      return;
    }
    if (SHELLS.contains(language)) {
      lastBlock = shellBlock(open, body);
    } else if (language.isEmpty() || language.equals("console")) {
      if (body.stream().anyMatch(l -> l.startsWith("$ "))) {
        lastBlock = transcript(open, body);
      }
    }
  }

  private void marked(int open, String marker, List<String> body) {
    Matcher output = OUTPUT_OF.matcher(marker);
    Matcher contents = CONTENTS.matcher(marker);
    if (output.matches()) {
      int n = Integer.parseInt(output.group(1));
      if (n < 1 || n > lastBlock.size()) {
        steps.add(
            new Problem(
                open, "'" + marker + "': the block above has " + lastBlock.size() + " commands"));
        return;
      }
      steps.add(new OutputOf(open, lastBlock.get(n - 1), List.copyOf(body)));
    } else if (contents.matches()) {
      steps.add(new FileContents(open, contents.group(1), List.copyOf(body)));
    } else {
      steps.add(
          new Problem(
              open,
              "unknown marker '"
                  + marker
                  + "': use 'output of command N above' or 'contents of PATH'"));
    }
  }

  /** Every line a command (or a comment); output is not shown, exit 0 is expected. */
  private List<Run> shellBlock(int open, List<String> body) {
    List<Run> runs = new ArrayList<>();
    String blockSkip = null;
    for (int i = 0; i < body.size(); i++) {
      int number = open + 1 + i;
      int first = i;
      i = lastContinued(body, i);
      String text = joined(body, first, i, 0);
      if (text.isEmpty()) {
        continue;
      }
      if (text.startsWith("#")) {
        Matcher needs = NEEDS.matcher(text);
        if (needs.matches()) {
          blockSkip = needs.group(1);
        }
        continue;
      }
      runs.add(run(number, text, null, 0, blockSkip, null));
    }
    steps.addAll(runs);
    return runs;
  }

  /** {@code $ command} lines, each followed by its output and an optional {@code (exit N)}. */
  private List<Run> transcript(int open, List<String> body) {
    List<Run> runs = new ArrayList<>();
    String blockSkip = null;
    int i = 0;
    for (; i < body.size() && !body.get(i).startsWith("$ "); i++) {
      Matcher needs = NEEDS.matcher(body.get(i).strip());
      if (needs.matches()) {
        blockSkip = needs.group(1);
      } else if (!body.get(i).isBlank()) {
        steps.add(new Problem(open + 1 + i, "text before the first $ command of a transcript"));
      }
    }
    String narration = null;
    while (i < body.size()) {
      int number = open + 1 + i;
      int first = i;
      i = lastContinued(body, i);
      String command = joined(body, first, i, 2);
      i++;
      List<String> output = new ArrayList<>();
      for (; i < body.size() && !body.get(i).startsWith("$ "); i++) {
        output.add(body.get(i));
      }
      String next = i < body.size() ? narration(output) : null;
      while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
        output.remove(output.size() - 1);
      }
      int exit = 0;
      if (!output.isEmpty()) {
        Matcher m = EXIT.matcher(output.get(output.size() - 1).strip());
        if (m.matches()) {
          exit = Integer.parseInt(m.group(1));
          output.remove(output.size() - 1);
        }
      }
      runs.add(run(number, command, output.isEmpty() ? null : output, exit, blockSkip, narration));
      narration = next;
    }
    steps.addAll(runs);
    return runs;
  }

  /**
   * Takes the narration off the end of a command's output lines: a paragraph after a blank line, in
   * parentheses, right before the next command. Returns it as one line, or null.
   */
  private static String narration(List<String> output) {
    int end = output.size();
    while (end > 0 && output.get(end - 1).isBlank()) {
      end--;
    }
    if (end == 0 || !output.get(end - 1).strip().endsWith(")")) {
      return null;
    }
    int start = end - 1;
    while (start > 0 && !output.get(start - 1).isBlank()) {
      start--;
    }
    if (start == 0
        || !output.get(start).startsWith("(")
        || EXIT.matcher(output.get(start)).matches()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (String l : output.subList(start, end)) {
      text.append(text.length() == 0 ? "" : " ").append(l.strip());
    }
    output.subList(start, output.size()).clear();
    return text.toString();
  }

  /** The last line of the command starting at {@code i}: lines ending in {@code \\} go on. */
  private static int lastContinued(List<String> body, int i) {
    while (body.get(i).stripTrailing().endsWith("\\") && i + 1 < body.size()) {
      i++;
    }
    return i;
  }

  /** Lines {@code first..last} as one command, the first {@code skip} characters left out. */
  private static String joined(List<String> body, int first, int last, int skip) {
    StringBuilder command = new StringBuilder();
    for (int k = first; k <= last; k++) {
      String part = (k == first ? body.get(k).substring(skip) : body.get(k)).strip();
      if (k < last) {
        part = part.substring(0, part.length() - 1).strip();
      }
      command.append(command.length() == 0 ? "" : " ").append(part);
    }
    return command.toString();
  }

  private static Run run(
      int line, String text, List<String> expected, int exit, String skip, String narration) {
    Matcher needs = NEEDS.matcher(text);
    String command = text;
    if (needs.find() && needs.start() > 0) {
      command = text.substring(0, needs.start()).strip();
      skip = skip != null ? skip : needs.group(1);
    }
    String note = null;
    if (skip == null && command.startsWith(BUILD + " ")) {
      int and = command.indexOf(" && ");
      if (and < 0) {
        skip = "the build, which has run before this test";
      } else {
        note = "without '" + command.substring(0, and) + "': the build has run before this test";
        command = command.substring(and + 4).strip();
      }
    }
    return new Run(line, command, expected, exit, skip, note, narration);
  }
}
