package io.netpol.text;

/**
 * Text from flow logs, policy files and the cluster made safe for a terminal: control characters
 * (C0, DEL, C1: escape sequences that clear the screen, move the cursor or set the window title)
 * and the invisible characters that reorder or hide text (bidirectional overrides, zero-width ones)
 * are shown as {@code \\uXXXX}, and a backslash as {@code \\\\}, so what is printed reads back as
 * the value it stands for. Every text output goes through here.
 */
public final class DisplayText {
  private DisplayText() {}

  /** {@code value} with nothing a terminal would act on; null stays null. */
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
      if (c == '\\') {
        out.append("\\\\");
      } else if (needsEscape(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether {@code c} must not reach a terminal as it is. */
  static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\\'
        || (c >= 0x200b && c <= 0x200f) // zero-width space/joiners, LRM, RLM
        || (c >= 0x202a && c <= 0x202e) // bidirectional embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069) // bidirectional isolates
        || c == 0x2028
        || c == 0x2029
        || c == 0xfeff;
  }
}
