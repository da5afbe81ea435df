package io.netpol.text;

/**
 * Values from flow logs and policy files inside Markdown (pull-request comments): each becomes an
 * inline code span, where Markdown makes no link, image, emphasis or HTML and GitHub makes no
 * mention or reference. The span's fence is longer than any run of backticks in the value, so the
 * value cannot close it, and the value is {@linkplain DisplayText#escape escaped}, so it cannot end
 * the line either.
 */
public final class MarkdownText {
  private MarkdownText() {}

  /** {@code value} as inline code. */
  public static String code(String value) {
    String v = DisplayText.escape(value == null ? "" : value);
    int longest = 0;
    int run = 0;
    for (int i = 0; i < v.length(); i++) {
      run = v.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    // A span may not start or end with a backtick of its own; CommonMark strips one space each
    // side.
    boolean pad = v.isEmpty() || v.startsWith("`") || v.endsWith("`") || v.isBlank();
    return fence + (pad ? " " + v + " " : v) + fence;
  }
}
