package io.netpol.recommend;

import io.netpol.flow.Protocol;
import java.util.Comparator;

/** A server port and protocol, sorted by number then protocol. */
record PortKey(int port, Protocol protocol) implements Comparable<PortKey> {
  private static final Comparator<PortKey> ORDER =
      Comparator.comparingInt(PortKey::port).thenComparing(PortKey::protocol);

  @Override
  public int compareTo(PortKey o) {
    return ORDER.compare(this, o);
  }

  String display() {
    return port + "/" + protocol;
  }
}
