package io.netpol.flow;

import java.util.Locale;

/**
 * What happened to an observed connection. The order matters: a later observation of the same
 * connection with a stronger verdict (denied over audit over allowed) reclassifies it.
 */
public enum Verdict {
  ALLOWED,
  /** Forwarded, but a policy in audit or staged mode would have dropped it. */
  AUDIT,
  DENIED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Verdict fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public boolean strongerThan(Verdict other) {
    return compareTo(other) > 0;
  }
}
