package io.netpol.text;

/**
 * Text from flow logs, policy files and the cluster made safe to print. Control characters (C0
 * including newline and tab, DEL, C1: escape sequences that clear the screen, move the cursor, set
 * the window title or forge a line) and the invisible characters that reorder or hide text
 * (bidirectional overrides and isolates, zero-width characters, line and paragraph separators) are
 * shown as {@code \\uXXXX}. Escaping twice changes nothing, so a line built from escaped parts can
 * be escaped again when it is printed. Every text output goes through here.
 */
public final class DisplayText {
  /** Characters of a value shown in {@link #quoted} before it is cut. */
  public static final int SHOWN = 60;

  private DisplayText() {}

  /** {@code value} with nothing a terminal would act on or hide; null stays null. */
  public static String escape(String value) {
    if (value == null) {
      return null;
    }
    int i = 0;
    while (i < value.length() && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, i);
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (needsEscape(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A value quoted for a message about it ("bad timestamp "..."", a rejected name): escaped, and
   * cut after {@link #SHOWN} characters with its length said.
   */
  public static String quoted(String value) {
    if (value == null) {
      return "(none)";
    }
    String head = value.length() > SHOWN ? value.substring(0, SHOWN) : value;
    String cut = value.length() > SHOWN ? "... (" + value.length() + " characters)" : "";
    return "\"" + escape(head) + "\"" + cut;
  }

  /** Whether {@code c} must not be printed as it is inside a value. */
  public static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x200b && c <= 0x200f) // zero-width space, joiners, LRM, RLM
        || (c >= 0x202a && c <= 0x202e) // bidirectional embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069) // bidirectional isolates
        || c == 0x2028
        || c == 0x2029
        || c == 0xfeff;
  }

  /**
   * Whether {@code c} makes a terminal do something: C0 controls but newline and tab, DEL, C1. No
   * correct output of this tool (text, JSON or YAML) holds one.
   */
  public static boolean isTerminalControl(char c) {
    return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
  }
}
