package io.netpol.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Real services (real SQLite store) with a fixed clock, a given stdin and no terminal. */
public class TestServices extends Services {
  /** The default "now": a day after the shipped sample flows (2026-11-20T10:00Z). */
  static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private final byte[] stdin;
  private Instant now = NOW;

  public TestServices() {
    this(new byte[0]);
  }

  TestServices(byte[] stdin) {
    this.stdin = stdin;
  }

  static TestServices withStdin(String text) {
    return new TestServices(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Clock clock() {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  /** Moves the clock, e.g. past a soak time. */
  public void advance(java.time.Duration by) {
    now = now.plus(by);
  }

  @Override
  public InputStream stdin() {
    return new ByteArrayInputStream(stdin);
  }

  @Override
  public boolean interactive() {
    return false;
  }
}
