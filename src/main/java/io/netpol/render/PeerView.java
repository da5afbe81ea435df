package io.netpol.render;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One peer of a rule.
 *
 * @param kind what it is
 * @param namespace the namespace of a pod, namespace or namespaced network set; null otherwise
 * @param labels pod labels (POD) or the network set's labels (NETWORK_SET); empty otherwise
 * @param expressions further pod label requirements of a POD peer (ANDed with {@code labels})
 * @param cidr the address block of an address peer; null for POD and NAMESPACE
 * @param except blocks of {@code cidr} left out
 * @param dnsNames DNS names observed for a WORLD peer
 * @param name the name of a NETWORK_SET
 */
public record PeerView(
    PeerKind kind,
    String namespace,
    SortedMap<String, String> labels,
    List<Expression> expressions,
    String cidr,
    List<String> except,
    SortedSet<String> dnsNames,
    String name) {

  /** A label requirement: {@code key In/NotIn values}, {@code key Exists/DoesNotExist}. */
  public record Expression(String key, String operator, List<String> values) {
    public Expression {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }

  public PeerView {
    labels = labels == null ? new TreeMap<>() : new TreeMap<>(labels);
    expressions = expressions == null ? List.of() : List.copyOf(expressions);
    except = except == null ? List.of() : List.copyOf(except);
    dnsNames = dnsNames == null ? new TreeSet<>() : new TreeSet<>(dnsNames);
  }

  public static PeerView pod(String namespace, Map<String, String> labels) {
    return pod(namespace, labels, List.of());
  }

  public static PeerView pod(
      String namespace, Map<String, String> labels, List<Expression> expressions) {
    return new PeerView(
        PeerKind.POD, namespace, new TreeMap<>(labels), expressions, null, null, null, null);
  }

  public static PeerView namespace(String namespace) {
    return new PeerView(PeerKind.NAMESPACE, namespace, null, null, null, null, null, null);
  }

  /** An address peer of {@code kind}. */
  public static PeerView network(
      PeerKind kind, String cidr, List<String> except, SortedSet<String> dnsNames) {
    return new PeerView(kind, null, null, null, cidr, except, dnsNames, null);
  }

  public static PeerView networkSet(
      String namespace, String name, Map<String, String> labels, String cidr) {
    return new PeerView(
        PeerKind.NETWORK_SET, namespace, new TreeMap<>(labels), null, cidr, null, null, name);
  }
}
