package io.netpol.ingest;

import java.util.Locale;

/** Flow-log formats {@code observe} reads; AUTO detects per file and per record. */
public enum InputFormat {
  AUTO,
  HUBBLE,
  HUBBLE_PB,
  CALICO,
  GOLDMANE;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static InputFormat fromCliName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
