package io.netpol.readme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether real output is what the README shows, allowing for what the README may leave out: a line
 * {@code ...} stands for any number of lines, {@code ...} inside a line for any text, and timing
 * figures ({@code 0.5 s}, {@code 12 ms}, {@code 1,552 records/s}) for any figure.
 */
final class OutputMatch {
  static final String ELISION = "...";
  private static final Pattern TIMING =
      Pattern.compile("\\d[\\d,]*(\\.\\d+)? (s|ms|µs|records/s|lines/s|messages/s)\\b");

  private OutputMatch() {}

  /** True when {@code actual} matches {@code expected}. */
  static boolean matches(List<String> expected, String actual) {
    List<String> e = normalized(expected);
    List<String> a = normalized(Arrays.asList(actual.split("\n", -1)));
    Boolean[][] memo = new Boolean[e.size() + 1][a.size() + 1];
    return match(e, a, 0, 0, memo);
  }

  /** The first README line that no output line matches in order (for the failure message). */
  static String firstMismatch(List<String> expected, String actual) {
    List<String> e = normalized(expected);
    List<String> a = normalized(Arrays.asList(actual.split("\n", -1)));
    int j = 0;
    for (String line : e) {
      if (line.strip().equals(ELISION)) {
        continue;
      }
      int found = -1;
      for (int k = j; k < a.size(); k++) {
        if (lineMatches(line, a.get(k))) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        return line;
      }
      j = found + 1;
    }
    return j < a.size() ? "(the output goes on: " + a.get(j) + ")" : "(the order of the lines)";
  }

  private static List<String> normalized(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(TIMING.matcher(l.replace("\r", "").stripTrailing()).replaceAll("<timing>"));
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static boolean match(List<String> e, List<String> a, int i, int j, Boolean[][] memo) {
    if (memo[i][j] != null) {
      return memo[i][j];
    }
    boolean result;
    if (i == e.size()) {
      result = j == a.size();
    } else if (e.get(i).strip().equals(ELISION)) {
      result = match(e, a, i + 1, j, memo) || (j < a.size() && match(e, a, i, j + 1, memo));
    } else {
      result = j < a.size() && lineMatches(e.get(i), a.get(j)) && match(e, a, i + 1, j + 1, memo);
    }
    memo[i][j] = result;
    return result;
  }

  static boolean lineMatches(String expected, String actual) {
    if (!expected.contains(ELISION)) {
      return expected.equals(actual);
    }
    StringBuilder regex = new StringBuilder();
    String[] parts = expected.split(Pattern.quote(ELISION), -1);
    for (int k = 0; k < parts.length; k++) {
      if (k > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[k]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
  }
}
