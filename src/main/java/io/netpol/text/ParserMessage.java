package io.netpol.text;

import java.util.List;

/** A parser's error message as one line of a message of ours. */
public final class ParserMessage {
  private ParserMessage() {}

  /**
   * The parser's message on one line. The YAML parser's spans lines: what it was parsing and the
   * problem, each followed by indented marks and a quoted snippet of the file, left out here.
   */
  public static String oneLine(String parserMessage) {
    if (parserMessage == null) {
      return "unreadable";
    }
    List<String> said =
        parserMessage
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .toList();
    return said.isEmpty()
        ? parserMessage.strip().lines().findFirst().orElse("")
        : String.join(": ", said);
  }
}
