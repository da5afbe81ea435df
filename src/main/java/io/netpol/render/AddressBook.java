package io.netpol.render;

import io.netpol.flow.Endpoint;
import io.netpol.flow.EndpointKind;
import io.netpol.flow.ObservedConnection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the observed connections say about the addresses a proposal names in ipBlocks: whether an
 * address is a node, the API server, a network set or the internet, and the DNS names seen for it.
 * Part of the adapter from today's {@code Proposal}; a typed proposal makes it unnecessary.
 */
final class AddressBook {

  /** What one address is. */
  record Entry(EndpointKind kind, String namespace, String name, SortedSet<String> dnsNames) {}

  // When flow logs disagree, the more specific kind wins.
  private static final List<EndpointKind> PRECEDENCE =
      List.of(EndpointKind.APISERVER, EndpointKind.HOST, EndpointKind.NETWORK, EndpointKind.WORLD);

  private final Map<String, Entry> byAddress = new TreeMap<>();

  static AddressBook of(List<ObservedConnection> connections) {
    AddressBook book = new AddressBook();
    for (ObservedConnection c : connections) {
      book.add(c.client());
      book.add(c.server());
    }
    return book;
  }

  private void add(Endpoint e) {
    if (e.ip() == null || !PRECEDENCE.contains(e.kind())) {
      return;
    }
    Entry old = byAddress.get(e.ip());
    SortedSet<String> names = new TreeSet<>(e.dnsNames());
    if (old == null) {
      byAddress.put(e.ip(), new Entry(e.kind(), e.namespace(), e.name(), names));
      return;
    }
    names.addAll(old.dnsNames());
    boolean newer = PRECEDENCE.indexOf(e.kind()) < PRECEDENCE.indexOf(old.kind());
    byAddress.put(
        e.ip(),
        newer
            ? new Entry(e.kind(), e.namespace(), e.name(), names)
            : new Entry(old.kind(), old.namespace(), old.name(), names));
  }

  /** The entry of a single-address block ({@code /32}, {@code /128}), or null. */
  Entry lookup(String cidr) {
    int slash = cidr.indexOf('/');
    String ip = slash < 0 ? cidr : cidr.substring(0, slash);
    String bits = slash < 0 ? "" : cidr.substring(slash + 1);
    boolean single = bits.isEmpty() || bits.equals("32") || bits.equals("128");
    return single ? byAddress.get(ip) : null;
  }
}
