package io.netpol.recommend;

import io.netpol.text.DisplayText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Kubernetes name rules for values that came from flow logs. Anything that becomes a file name, a
 * metadata name or a label in the output passes through here first, so a hostile value ({@code
 * ../../etc}, YAML specials, a 10 KB string) is rejected instead of written.
 */
public final class KubernetesNames {

  /**
   * Longest policy name: a DNS-1123 subdomain is 253, and {@code <name>.yaml} must fit NAME_MAX
   * (255).
   */
  public static final int MAX_POLICY_NAME = 250;

  // The rules as regular expressions (the tests hold the checks below to them). The checks are
  // written out: a large proposal checks 100,000s of names, and a matcher per check is most of it.
  static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  private KubernetesNames() {}

  /** A DNS-1123 label (namespace names): lower-case alphanumerics and '-', at most 63. */
  public static boolean isDns1123Label(String s) {
    return s != null && !s.isEmpty() && s.length() <= 63 && dnsLabels(s, 0, s.length(), false);
  }

  /** A DNS-1123 subdomain (Deployment, StatefulSet, policy names): at most 253. */
  public static boolean isDns1123Subdomain(String s) {
    return s != null && !s.isEmpty() && s.length() <= 253 && dnsLabels(s, 0, s.length(), true);
  }

  /** A label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63. */
  public static boolean isLabelKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && !isDns1123Subdomain(key.substring(0, slash))) {
      return false;
    }
    return !name.isEmpty() && name.length() <= 63 && labelName(name);
  }

  /**
   * A label value: empty, or at most 63 alphanumerics, '-', '_', '.' starting and ending
   * alphanumeric.
   */
  public static boolean isLabelValue(String value) {
    return value != null && (value.isEmpty() || (value.length() <= 63 && labelName(value)));
  }

  /**
   * Whether {@code s[from, to)} is DNS labels ({@link #LABEL}), one or, with {@code dots}, several
   * joined by '.' ({@link #SUBDOMAIN}).
   */
  private static boolean dnsLabels(String s, int from, int to, boolean dots) {
    int start = from;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '.';
      if (c == '.') {
        if ((i < to && !dots) || i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
          return false;
        }
        start = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@link #LABEL_NAME}: alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
  private static boolean labelName(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && ((i == 0 || i == n - 1) || (c != '-' && c != '_' && c != '.'))) {
        return false;
      }
    }
    return n > 0;
  }

  /** Longest {@code --name-prefix}. */
  public static final int MAX_NAME_PREFIX = 63;

  private static final Pattern NAME_PREFIX = Pattern.compile("[a-z0-9][-a-z0-9.]*");

  /**
   * A prefix for policy names: lower-case letters, digits, '-' and '.', starting with a letter or
   * digit, at most {@link #MAX_NAME_PREFIX}; a prefix ending in '-' or '.' is fine, the name goes
   * on.
   */
  public static boolean isNamePrefix(String s) {
    return s != null
        && !s.isEmpty()
        && s.length() <= MAX_NAME_PREFIX
        && NAME_PREFIX.matcher(s).matches()
        && !s.contains("..")
        && !s.contains("-.")
        && !s.contains(".-");
  }

  /**
   * {@code <base>-<suffix>}, shortened to {@link #MAX_POLICY_NAME} by cutting the base and adding a
   * hash of the whole base, so long names stay distinct and stable.
   */
  public static String policyName(String base, String suffix) {
    String name = base + "-" + suffix;
    if (name.length() <= MAX_POLICY_NAME) {
      return name;
    }
    String hash = hash(base);
    int keep = MAX_POLICY_NAME - suffix.length() - hash.length() - 2;
    String cut = base.substring(0, keep);
    while (!cut.isEmpty() && !Character.isLetterOrDigit(cut.charAt(cut.length() - 1))) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "-" + hash + "-" + suffix;
  }

  /** A short, printable form of a rejected value for reports: escaped and cut. */
  public static String shown(String value) {
    return DisplayText.quoted(value);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
