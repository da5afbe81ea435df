package io.netpol.flow;

/**
 * DNS names as flow logs attach them to addresses (Hubble's {@code destination_names}, Calico's
 * {@code dest_domains}): RFC 1123 host names, with the underscores service names use, an optional
 * leading {@code *.} wildcard and an optional trailing dot. Anything else (an escape sequence, a
 * space, a 300-character string) is not a name and is never stored as one.
 */
public final class DnsNames {
  /** Longest name without its trailing dot. */
  public static final int MAX_LENGTH = 253;

  private static final int MAX_LABEL = 63;

  private DnsNames() {}

  public static boolean isValid(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.startsWith("*.")) {
      n = n.substring(2);
    }
    if (n.isEmpty() || n.length() > MAX_LENGTH) {
      return false;
    }
    int start = 0;
    while (start <= n.length()) {
      int end = n.indexOf('.', start);
      if (end < 0) {
        end = n.length();
      }
      if (!isLabel(n, start, end)) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  private static boolean isLabel(String n, int start, int end) {
    int length = end - start;
    if (length < 1 || length > MAX_LABEL || n.charAt(start) == '-' || n.charAt(end - 1) == '-') {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = n.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
