package io.netpol.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Real services (real SQLite store) with a fixed clock, a given stdin and no terminal. */
class TestServices extends Services {
  private final byte[] stdin;

  TestServices() {
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
    return Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
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
