package io.netpol.flow;

/**
 * Names from flow data made printable: control characters (escape sequences, carriage returns,
 * newlines) and unpaired surrogates are written as {@code \\uXXXX}, so a hostile name can neither
 * act on a terminal nor break a line-based format. Every other character is kept.
 */
public final class Printable {
  private Printable() {}

  public static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean bad = c < 0x20 || (c >= 0x7f && c < 0xa0) || unpaired(text, i);
      if (bad && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (bad) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean unpaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
