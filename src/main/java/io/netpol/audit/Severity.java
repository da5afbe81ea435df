package io.netpol.audit;

import java.util.Locale;

/** How serious a finding is; ordered, so {@code --fail-on warning} also fails on errors. */
public enum Severity {
  INFO,
  WARNING,
  ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
