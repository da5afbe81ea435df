package io.netpol.recommend;

import io.netpol.flow.Protocol;
import java.util.Comparator;

/** A server port and protocol of a rule, sorted by number then protocol. */
public record ProposedPort(int port, Protocol protocol) implements Comparable<ProposedPort> {
  private static final Comparator<ProposedPort> ORDER =
      Comparator.comparingInt(ProposedPort::port).thenComparing(ProposedPort::protocol);

  @Override
  public int compareTo(ProposedPort o) {
    return ORDER.compare(this, o);
  }

  /** {@code 443/TCP}. */
  public String display() {
    return port + "/" + protocol;
  }
}
