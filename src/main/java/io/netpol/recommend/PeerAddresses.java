package io.netpol.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 3a: the address peers a peer class stands for: every node address, the API server's
 * endpoints, the internet with its exceptions, one address, a network's nets, or a broad range
 * (marked so) when the flow logs carry no address.
 */
final class PeerAddresses {

  private static final String ANY_V4 = "0.0.0.0/0";
  private static final String ANY_V6 = "::/0";

  private final AddressBook book;

  PeerAddresses(AddressBook book) {
    this.book = book;
  }

  /** The peers of a non-pod class. */
  List<ProposedPeer> peers(PeerClass peer, PeerEvidence evidence) {
    List<ProposedPeer> out = new ArrayList<>();
    if (peer instanceof PeerClass.Nodes) {
      known(out, PeerKind.NODE, book.nodes(), PeerClassifier.EVERY_NODE, "nodes");
    } else if (peer instanceof PeerClass.ApiServer) {
      known(out, PeerKind.API_SERVER, book.apiServer(), PeerClassifier.API_SERVER, "apiserver");
    } else if (peer instanceof PeerClass.Internet i) {
      internet(out, i, evidence);
    } else if (peer instanceof PeerClass.World w) {
      out.add(
          ProposedPeer.address(
              PeerKind.WORLD,
              w.network().text(),
              List.of(),
              AddressOrigin.FLOWS,
              null,
              null,
              evidence.total().summary().dnsNames(),
              null));
    } else if (peer instanceof PeerClass.Private p) {
      network(out, PeerKind.PRIVATE_NETWORK, null, p.name(), p.address());
    } else if (peer instanceof PeerClass.NetworkSet s) {
      network(out, PeerKind.NETWORK_SET, s.namespace(), s.name(), s.address());
    } else {
      throw new IllegalArgumentException("pods have selectors, not addresses: " + peer);
    }
    return out;
  }

  private void known(
      List<ProposedPeer> out,
      PeerKind kind,
      List<AddressBook.Address> addresses,
      String reason,
      String name) {
    if (addresses.isEmpty()) {
      broadPrivate(out, kind, null, null, name);
      return;
    }
    String why = String.format(reason, addresses.size());
    addresses.forEach(a -> out.add(address(kind, a, null, null, why)));
  }

  private void internet(List<ProposedPeer> out, PeerClass.Internet i, PeerEvidence evidence) {
    List<AddressBook.Address> user = book.network(null, "pub");
    if (i.broad() && !user.isEmpty()) {
      user.forEach(a -> out.add(address(PeerKind.WORLD, a, "pub", null, null)));
      return;
    }
    AddressOrigin origin = i.broad() ? AddressOrigin.BROAD : AddressOrigin.INTERNET;
    String name = evidence.unknownFamily ? "pub" : null;
    String why =
        i.broad()
            ? String.format(PeerClassifier.BROAD, "pub")
            : evidence.notes().isEmpty() ? null : evidence.notes().first();
    if (evidence.ipv4 || evidence.unknownFamily || !evidence.ipv6) {
      out.add(
          ProposedPeer.address(
              PeerKind.PUBLIC_INTERNET,
              ANY_V4,
              book.internetExcept(true),
              origin,
              name,
              null,
              List.of(),
              why));
    }
    if (evidence.ipv6 || evidence.unknownFamily) {
      out.add(
          ProposedPeer.address(
              PeerKind.PUBLIC_INTERNET,
              ANY_V6,
              book.internetExcept(false),
              origin,
              name,
              null,
              List.of(),
              why));
    }
  }

  private void network(
      List<ProposedPeer> out, PeerKind kind, String namespace, String name, IpNetwork address) {
    if (address != null) {
      out.add(
          ProposedPeer.address(
              kind,
              address.text(),
              List.of(),
              AddressOrigin.FLOWS,
              name,
              namespace,
              List.of(),
              null));
      return;
    }
    List<AddressBook.Address> nets = book.network(namespace, name);
    String shown = namespace == null ? name : namespace + "/" + name;
    if (!nets.isEmpty()) {
      nets.forEach(a -> out.add(address(kind, a, name, namespace, null)));
    } else if (kind == PeerKind.PRIVATE_NETWORK) {
      broadPrivate(out, kind, name, namespace, shown);
    } else {
      // A network set may hold any address: everything but link-local and loopback.
      String why = String.format(PeerClassifier.BROAD, shown);
      out.add(broad(kind, ANY_V4, book.localExcept(true), name, namespace, why));
      out.add(broad(kind, ANY_V6, book.localExcept(false), name, namespace, why));
    }
  }

  private void broadPrivate(
      List<ProposedPeer> out, PeerKind kind, String name, String namespace, String shown) {
    String why = String.format(PeerClassifier.BROAD, shown);
    for (String cidr : AddressBook.PRIVATE_V4) {
      out.add(broad(kind, cidr, List.of(), name, namespace, why));
    }
    for (String cidr : AddressBook.PRIVATE_V6) {
      out.add(broad(kind, cidr, List.of(), name, namespace, why));
    }
  }

  private static ProposedPeer broad(
      PeerKind kind,
      String cidr,
      List<String> except,
      String name,
      String namespace,
      String reason) {
    return ProposedPeer.address(
        kind, cidr, except, AddressOrigin.BROAD, name, namespace, List.of(), reason);
  }

  private static ProposedPeer address(
      PeerKind kind, AddressBook.Address a, String name, String namespace, String reason) {
    return ProposedPeer.address(
        kind, a.network().text(), List.of(), a.origin(), name, namespace, List.of(), reason);
  }
}
