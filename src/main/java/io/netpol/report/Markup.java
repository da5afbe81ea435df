package io.netpol.report;

import io.netpol.flow.Printable;

/**
 * Escapes text from flow data (namespace, workload and DNS names, labels) for HTML and SVG, so no
 * name can open a tag, close an attribute or start a script. Control characters are shown as {@code
 * \\uXXXX} rather than passed through.
 */
public final class Markup {
  private Markup() {}

  /** Safe as element content and as a double- or single-quoted attribute value. */
  public static String escape(String text) {
    String printable = Printable.of(text);
    StringBuilder out = new StringBuilder(printable.length() + 16);
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Cut to {@code max} characters with an ellipsis, before escaping. */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
